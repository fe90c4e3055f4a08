import koffi from 'koffi';

/**
 * GLib's own key-file parser, through koffi: the .vv writer is checked against the library
 * remote-viewer itself reads .vv files with, not against our idea of it.
 */
const glib = koffi.load('libglib-2.0.so.0');
const newKeyFile = glib.func('void *g_key_file_new()');
const freeKeyFile = glib.func('void g_key_file_free(void *kf)');
const loadFromData = glib.func('bool g_key_file_load_from_data(void *kf, const char *data, size_t len, int flags, _Out_ void **err)');
const getString = glib.func('char *g_key_file_get_string(void *kf, const char *group, const char *key, _Out_ void **err)');
const getInteger = glib.func('int g_key_file_get_integer(void *kf, const char *group, const char *key, _Out_ void **err)');
const getStringList = glib.func('void *g_key_file_get_string_list(void *kf, const char *group, const char *key, _Out_ size_t *len, _Out_ void **err)');
const hasKey = glib.func('bool g_key_file_has_key(void *kf, const char *group, const char *key, _Out_ void **err)');

export interface GlibKeyFile {
  string(group: string, key: string): string | undefined;
  integer(group: string, key: string): number | undefined;
  list(group: string, key: string): string[] | undefined;
  has(group: string, key: string): boolean;
  free(): void;
}

/** Loads text with g_key_file_load_from_data; undefined when GLib rejects it. */
export function glibLoad(text: string): GlibKeyFile | undefined {
  const kf = newKeyFile();
  const err: unknown[] = [null];
  if (!loadFromData(kf, text, Buffer.byteLength(text), 0, err)) {
    freeKeyFile(kf);
    return undefined;
  }
  return {
    string(group, key) {
      const e: unknown[] = [null];
      const v = getString(kf, group, key, e) as string | null;
      return e[0] ? undefined : (v ?? undefined);
    },
    integer(group, key) {
      const e: unknown[] = [null];
      const v = getInteger(kf, group, key, e) as number;
      return e[0] ? undefined : v;
    },
    list(group, key) {
      const e: unknown[] = [null];
      const len = [0];
      const p = getStringList(kf, group, key, len, e);
      if (e[0] || !p) return undefined;
      return koffi.decode(p, koffi.array('char *', Number(len[0]))) as string[];
    },
    has(group, key) {
      return Boolean(hasKey(kf, group, key, [null]));
    },
    free: () => freeKeyFile(kf),
  };
}
