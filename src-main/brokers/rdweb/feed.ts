import { DOMParser, type Element } from '@xmldom/xmldom';
import { hasControlCharacters } from '../../common/text.ts';

/**
 * The RD Web Access feed ([MS-TSWP]: webfeed.aspx, `application/x-msts-radc+xml`), read with
 * a real XML parser and namespaces: ResourceCollection > Publisher > Resources > Resource.
 * SchemaVersion 1.1 and 2.0 differ in what is optional (Folders, ShowByDefault come with 2.0).
 * A resource we cannot use is skipped with a warning; a document we cannot read is a FeedError.
 */

export const TSWF_NS = 'http://schemas.microsoft.com/ts/2007/05/tswf';
/**
 * A feed of 500 resources is ~0.5 MiB (icons are URLs). Parsing blocks the main process for
 * about a second per 2 MiB on a loaded thin client, so far beyond that is refused.
 */
export const MAX_FEED_BYTES = 4 * 1024 * 1024;
const MAX_RESOURCES = 10_000;

export class FeedError extends Error {
  override readonly name = 'FeedError';
}

export interface FeedResource {
  /** Unique within the feed (the resource ID, made unique if the feed repeats one). */
  id: string;
  title: string;
  type: 'Desktop' | 'RemoteApp';
  alias?: string;
  folders: string[];
  showByDefault: boolean;
  /** Absolute URL of the .rdp file (ResourceFile URL resolved against the feed's URL). */
  rdpUrl: string;
  publisher: string;
}

export interface Feed {
  schemaVersion: string;
  pubDate?: string;
  publishers: { name: string; id?: string }[];
  resources: FeedResource[];
  warnings: string[];
}

export function parseFeed(xml: string, feedUrl: string): Feed {
  if (xml.length > MAX_FEED_BYTES) throw new FeedError('the feed is larger than 4 MiB');
  // Feeds never carry a DTD; refusing one rules out entity tricks before the parser sees them.
  if (/<!DOCTYPE/i.test(xml)) throw new FeedError('the feed holds a DOCTYPE, which an RD Web feed never has');
  let problem: string | undefined;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') {
        problem ??= String(message).split('\n')[0]!.slice(0, 200);
        throw new FeedError(problem);
      }
    },
  });
  let doc;
  try {
    doc = parser.parseFromString(xml.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (err) {
    throw new FeedError(`the feed is not well-formed XML: ${problem ?? (err instanceof Error ? err.message : String(err)).slice(0, 200)}`);
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'ResourceCollection' || root.namespaceURI !== TSWF_NS) {
    const got = root ? `{${root.namespaceURI ?? ''}}${root.localName}` : 'nothing';
    throw new FeedError(`not an RD Web feed: the document is ${got.slice(0, 120)}, not a ResourceCollection in ${TSWF_NS}`);
  }
  const feed: Feed = { schemaVersion: root.getAttribute('SchemaVersion') ?? '', publishers: [], resources: [], warnings: [] };
  const pub = root.getAttribute('PubDate');
  if (pub) feed.pubDate = pub;
  if (feed.schemaVersion !== '1.1' && feed.schemaVersion !== '2.0') {
    feed.warnings.push(`schema version "${feed.schemaVersion.slice(0, 20)}" is neither 1.1 nor 2.0; reading it as 2.0`);
  }
  const publishers = children(root, 'Publisher');
  if (publishers.length === 0) throw new FeedError('the feed names no Publisher');
  const ids = new Set<string>();
  const repeats = new Map<string, number>();
  for (const p of publishers) {
    const name = p.getAttribute('Name') ?? '';
    const pid = p.getAttribute('ID');
    feed.publishers.push({ name, ...(pid ? { id: pid } : {}) });
    for (const list of children(p, 'Resources')) {
      for (const r of children(list, 'Resource')) {
        if (feed.resources.length >= MAX_RESOURCES) {
          feed.warnings.push(`more than ${MAX_RESOURCES} resources; the rest are left out`);
          return feed;
        }
        const resource = readResource(r, feedUrl, name, feed.warnings);
        if (!resource) continue;
        // A repeated ID gets ~2, ~3 ... (counted per ID: a feed of one ID repeated stays linear).
        let id = resource.id;
        while (ids.has(id)) {
          const n = (repeats.get(resource.id) ?? 1) + 1;
          repeats.set(resource.id, n);
          id = `${resource.id}~${n}`;
        }
        ids.add(id);
        feed.resources.push({ ...resource, id });
      }
    }
  }
  return feed;
}

function readResource(r: Element, feedUrl: string, publisher: string, warnings: string[]): FeedResource | undefined {
  const title = (r.getAttribute('Title') ?? '').trim();
  const rawId = (r.getAttribute('ID') ?? '').trim();
  const label = JSON.stringify((title || rawId || '(no title)').slice(0, 60));
  const skip = (why: string) => {
    warnings.push(`resource ${label} skipped: ${why}`);
    return undefined;
  };
  if (!title) return skip('it has no Title');
  if (!rawId) return skip('it has no ID');
  if (hasControlCharacters(title + rawId) || title.length > 256 || rawId.length > 256) return skip('its Title or ID holds control characters or is too long');
  const type = r.getAttribute('Type');
  if (type !== 'Desktop' && type !== 'RemoteApp') return skip(`its Type is ${JSON.stringify((type ?? '').slice(0, 20))}, not Desktop or RemoteApp`);
  const rdpUrl = resourceFile(r, feedUrl);
  if (typeof rdpUrl !== 'string') return skip(rdpUrl.problem);
  const alias = r.getAttribute('Alias')?.trim();
  const folders = children(r, 'Folders')
    .flatMap((f) => children(f, 'Folder'))
    .map((f) => (f.getAttribute('Name') ?? '').trim())
    .filter((n) => n.length > 0 && n.length <= 256 && !hasControlCharacters(n));
  // 1.1 feeds have no ShowByDefault: everything shows.
  const show = r.getAttribute('ShowByDefault');
  return { id: rawId, title, type, ...(alias ? { alias } : {}), folders, showByDefault: show === null || show === '' || /^true$/i.test(show), rdpUrl, publisher };
}

/** The first .rdp ResourceFile of the resource, as an absolute https URL. */
function resourceFile(r: Element, feedUrl: string): string | { problem: string } {
  const files = children(r, 'HostingTerminalServers')
    .flatMap((h) => children(h, 'HostingTerminalServer'))
    .flatMap((h) => children(h, 'ResourceFile'));
  const rdp = files.find((f) => (f.getAttribute('FileExtension') ?? '.rdp').toLowerCase() === '.rdp' && f.getAttribute('URL'));
  if (!rdp) return { problem: 'it has no .rdp ResourceFile' };
  const href = rdp.getAttribute('URL')!.trim();
  let url: URL;
  try {
    url = new URL(href, feedUrl);
  } catch {
    return { problem: 'its ResourceFile URL is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `its ResourceFile URL is a ${url.protocol} address, not https` };
  return url.href;
}


/** Child elements of that local name in the feed's namespace (xmldom has no scoped query). */
function children(parent: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === localName && (n as Element).namespaceURI === TSWF_NS) out.push(n as Element);
  }
  return out;
}
