/**
 * The browser host opens the page at `/#token=<hex>`. The token is single-use and must not
 * linger where a later page (or a screenshot of the address) could see it, so it is taken out
 * of the URL the moment it is read.
 */
export function takeToken(location: Location, history: History): string | null {
  const match = /(?:^#|&)token=([0-9a-fA-F]+)(?:&|$)/.exec(location.hash);
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  return match?.[1] ?? null;
}
