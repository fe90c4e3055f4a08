import { connectCdp, type Cdp } from './cdp.ts';

/** When the page became ready, by the page's own clock (epoch ms), and how we saw it. */
export interface Ready {
  /** performance.timeOrigin + performance.now() in the page when the condition first held. */
  at: number;
  /** The bench's clock (epoch ms) when the report arrived: a check on `at`. */
  observedAt: number;
  /** True if the condition already held when the detector was installed (then `at` is late). */
  late: boolean;
  /** performance.timeOrigin of the ready document: when its navigation started (epoch ms). */
  navigationStart: number;
}

export interface ReadyOptions {
  /** The page's origin, or how it starts: the detector ignores about:blank and anything else. */
  origin: string;
  /** A JavaScript expression, true once the page is ready. */
  condition: string;
  timeoutMs?: number;
}

const BINDING = '__benchReady';

/** The condition thinshell must meet: the sign-in form's username field, enabled and focused. */
export const SIGN_IN_READY = `(() => {
  const el = document.activeElement;
  return el instanceof HTMLInputElement && el.hasAttribute('data-autofocus') && !el.disabled && !el.readOnly
    && el.form !== null && el.form.querySelector('input[type=password]') !== null;
})()`;

/** The blank page's: its body exists. */
export const BODY_READY = 'document.body !== null';

/**
 * Runs in the page from the start of the document: re-checks the condition on every DOM change
 * and focus change (no polling), reports once through the binding, then removes itself.
 */
export function detectorSource(origin: string, condition: string): string {
  return `(() => {
  if (!location.origin.startsWith(${JSON.stringify(origin)}) || window.__benchDetector) return;
  window.__benchDetector = true;
  const ready = () => { try { return Boolean(${condition}); } catch { return false; } };
  const report = (late) => window.${BINDING}(JSON.stringify({ at: performance.timeOrigin + performance.now(), late, navigationStart: performance.timeOrigin }));
  if (ready()) { report(true); return; }
  let done = false;
  const check = () => {
    if (done || !ready()) return;
    done = true;
    report(false);
    observer.disconnect();
    removeEventListener('focusin', check, true);
    document.removeEventListener('readystatechange', check);
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  addEventListener('focusin', check, true);
  document.addEventListener('readystatechange', check);
})()`;
}

/**
 * Attaches to the browser's page as early as CDP allows (new pages wait for us before they
 * run), installs the detector for the next document and the current one, and resolves when it
 * reports. Detaches and disconnects before returning, so the page then runs without DevTools.
 */
export async function waitForReady(browserUrl: string, options: ReadyOptions): Promise<Ready> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const cdp = await connectCdp(browserUrl);
  const sessions = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  try {
    const reported = new Promise<Ready>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`page not ready within ${timeoutMs} ms (${options.origin})`)), timeoutMs);
      cdp.on('Runtime.bindingCalled', (p) => {
        if (p.name !== BINDING) return;
        const { at, late, navigationStart } = JSON.parse(String(p.payload)) as Omit<Ready, 'observedAt'>;
        resolve({ at, late, navigationStart, observedAt: performance.timeOrigin + performance.now() });
      });
      cdp.on('Target.attachedToTarget', (p) => {
        const sessionId = String(p.sessionId);
        const type = (p.targetInfo as { type: string }).type;
        sessions.add(sessionId);
        prepare(cdp, sessionId, type === 'page' ? detectorSource(options.origin, options.condition) : undefined).catch(reject);
      });
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
    return await reported;
  } finally {
    clearTimeout(timer);
    await cdp.send('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false }).catch(() => {});
    for (const sessionId of sessions) await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    await cdp.close();
  }
}

/**
 * Sent back to back without waiting for each reply: a page that did not wait for us is loading
 * meanwhile, and every round trip saved is a chance less that its document commits first.
 */
async function prepare(cdp: Cdp, sessionId: string, detector: string | undefined): Promise<void> {
  const sends = detector
    ? [
        // Bindings report through the Runtime domain.
        cdp.send('Runtime.enable', {}, sessionId),
        cdp.send('Runtime.addBinding', { name: BINDING }, sessionId),
        cdp.send('Page.enable', {}, sessionId),
        cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: detector, runImmediately: true }, sessionId),
      ]
    : [];
  sends.push(cdp.send('Runtime.runIfWaitingForDebugger', {}, sessionId));
  await Promise.all(sends);
}
