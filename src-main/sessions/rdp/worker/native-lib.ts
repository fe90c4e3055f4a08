import koffi, { type LibraryHandle } from 'koffi';
import type { NativeApi, NativeSession } from './native-api.ts';
import { NATIVE_STATES, type NativeState } from './protocol.ts';

/**
 * libthinshell_rdp.so through koffi (native/include/thinshell_rdp.h). Loaded only here, in the
 * session worker process: a crash or an Xlib exit in native code costs this process, never the
 * kiosk. Blocking calls use koffi's `.async`, which runs them on a worker thread.
 */
type KoffiFn = ReturnType<LibraryHandle['func']>;

function callAsync<T>(fn: KoffiFn, ...args: unknown[]): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    fn.async(...args, (err: unknown, result: T) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)));
  });
}

function stateName(value: number): NativeState {
  const name = NATIVE_STATES[value];
  if (!name) throw new Error(`the library returned an unknown state ${value}`);
  return name;
}

export function loadNativeApi(path: string): NativeApi {
  const lib = koffi.load(path);
  // An opaque handle: JS never looks inside a ts_session.
  const Session = koffi.pointer(koffi.opaque());
  const f = {
    version: lib.func('ts_version', 'const char *', []),
    create: lib.func('ts_session_new', Session, []),
    set: lib.func('ts_session_set', 'int', [Session, 'const char *', 'const char *']),
    setPassword: lib.func('ts_session_set_password', 'int', [Session, 'const void *', 'size_t']),
    connect: lib.func('ts_session_connect', 'int', [Session]),
    wait: lib.func('ts_session_wait', 'int', [Session, 'int']),
    state: lib.func('ts_session_state', 'int', [Session]),
    disconnect: lib.func('ts_session_disconnect', 'int', [Session]),
    lastError: lib.func('ts_session_last_error', 'uint32_t', [Session]),
    lastErrorText: lib.func('ts_session_last_error_text', 'const char *', [Session]),
    endReason: lib.func('ts_session_end_reason', 'int', [Session]),
    free: lib.func('ts_session_free', 'void', [Session]),
  };
  // Additions to the ABI (thinshell_rdp.h); a library without them still works.
  const optional = (name: string, result: string, args: unknown[]): KoffiFn | undefined => {
    try {
      return lib.func(name, result, args as string[]);
    } catch {
      return undefined;
    }
  };
  const errorKind = optional('ts_session_error_kind', 'int', [Session]);
  const setGatewayPassword = optional('ts_session_set_gateway_password', 'int', [Session, 'const void *', 'size_t']);

  return {
    version: () => String(f.version()),
    newSession(): NativeSession {
      const s: unknown = f.create();
      if (!s) throw new Error('ts_session_new returned NULL');
      let freed = false;
      return {
        set: (key, value) => (f.set(s, key, value) === 0 ? undefined : String(f.lastErrorText(s) || `${key}: refused`)),
        setPassword: (pw) => f.setPassword(s, pw, pw.length) === 0,
        setGatewayPassword: (pw) => (setGatewayPassword ? setGatewayPassword(s, pw, pw.length) === 0 : false),
        connect: async () => (await callAsync<number>(f.connect, s)) === 0,
        wait: async (timeoutMs) => stateName(await callAsync<number>(f.wait, s, timeoutMs)),
        probe: async () => stateName(await callAsync<number>(f.state, s)),
        disconnect: async () => void (await callAsync<number>(f.disconnect, s)),
        snapshot: () => ({
          lastError: Number(f.lastError(s)) >>> 0,
          lastErrorText: String(f.lastErrorText(s) ?? '').slice(0, 2000),
          errorKind: errorKind ? Number(errorKind(s)) : 0,
          endReason: Number(f.endReason(s)),
        }),
        async free() {
          if (freed) return;
          freed = true;
          await callAsync<void>(f.free, s);
        },
      };
    },
  };
}
