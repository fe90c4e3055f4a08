import type { ConnectStep, DesktopStatus, EndAction, EndReason, ErrorAction, ErrorCode, Locale } from '../api.ts';
import { useShell } from '../store/index.ts';
import de from './de.json';
import en from './en.json';

export type MessageKey = keyof typeof en;
export type Params = Readonly<Record<string, string | number>>;

/**
 * Typed against en.json's keys: a German catalogue missing a key fails the type check, and the
 * key builders below fail it when the contract grows a code that en.json does not word.
 */
const catalogues: Record<Locale, Record<MessageKey, string>> = { en, de };

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = catalogues[locale]?.[key] ?? en[key] ?? key;
  if (!params) return text;
  // A placeholder without a value stays visible: better a "{name}" than a silently odd sentence.
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type T = (key: MessageKey, params?: Params) => string;

export function makeT(locale: Locale): T {
  return (key, params) => translate(locale, key, params);
}

/** The translator for the locale main chose; English until the first view arrives. */
export function useT(): T {
  const locale = useShell((s) => s.view?.locale ?? 'en');
  return makeT(locale);
}

export const keys = {
  errorMessage: (code: ErrorCode) => `error.${code}.message` as const,
  errorAction: (code: ErrorCode) => `error.${code}.action` as const,
  errorButton: (action: ErrorAction) => `error.action.${action}` as const,
  endReason: (reason: EndReason) => `end.reason.${reason}` as const,
  endNext: (next: EndAction) => `end.next.${next}` as const,
  connectStep: (step: ConnectStep) => `connect.step.${step}` as const,
  desktopStatus: (status: DesktopStatus) => `desktop.status.${status}` as const,
} satisfies Record<string, (arg: never) => MessageKey>;
