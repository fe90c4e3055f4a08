/**
 * Feed documents as RD Web Access writes them ([MS-TSWP] 2.2): schema 2.0 when the client asks
 * for it in Accept (folders, ShowByDefault, SubFolders), else 1.1.
 */

export interface FakeResource {
  id: string;
  title: string;
  type: 'Desktop' | 'RemoteApp';
  folders?: string[];
  showByDefault?: boolean;
  /** The .rdp file's content, served at /RDWeb/Feed/rdp/<id>.rdp. */
  rdp: string;
  /** Serve it UTF-16LE with a BOM, as mstsc writes files (default: UTF-8). */
  utf16?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function feedXml(resources: readonly FakeResource[], schema: '1.1' | '2.0'): string {
  const v2 = schema === '2.0';
  const stamp = '2026-11-30T08:15:00.0Z';
  const folders = [...new Set(resources.flatMap((r) => r.folders ?? []))];
  const items = resources.map((r) => {
    const attrs = `ID="${esc(r.id)}" Alias="${esc(r.id)}" Title="${esc(r.title)}" LastUpdated="${stamp}" Type="${r.type}"${v2 ? ` ShowByDefault="${r.showByDefault === false ? 'False' : 'True'}"` : ''}`;
    const folderXml = v2 ? `<Folders>${(r.folders ?? ['/']).map((f) => `<Folder Name="${esc(f)}" />`).join('')}</Folders>` : '';
    return `      <Resource ${attrs}>
        <Icons><IconRaw FileType="Ico" FileURL="/RDWeb/Pages/rdp/${esc(r.id)}.ico" /></Icons>
        <FileExtensions />
        ${folderXml}
        <HostingTerminalServers>
          <HostingTerminalServer>
            <ResourceFile FileExtension=".rdp" URL="rdp/${encodeURIComponent(r.id)}.rdp" />
            <TerminalServerRef Ref="CmsRdsh" />
          </HostingTerminalServer>
        </HostingTerminalServers>
      </Resource>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<ResourceCollection PubDate="${stamp}" SchemaVersion="${schema}" xmlns="http://schemas.microsoft.com/ts/2007/05/tswf">
  <Publisher LastUpdated="${stamp}" Name="Corp Workspace" ID="rdcb.corp.example" Description="">
${v2 && folders.length ? `    <SubFolders>${folders.map((f) => `<Folder Name="${esc(f)}" />`).join('')}</SubFolders>\n` : ''}    <Resources>
${items.join('\n')}
    </Resources>
    <TerminalServers><TerminalServer ID="CmsRdsh" Name="QuickSessionCollection" LastUpdated="${stamp}" /></TerminalServers>
  </Publisher>
</ResourceCollection>
`;
}
