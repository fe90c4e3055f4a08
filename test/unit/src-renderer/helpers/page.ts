/** happy-dom's control surface for the page URL (the test window is happy-dom's). */
export function setPageUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}
