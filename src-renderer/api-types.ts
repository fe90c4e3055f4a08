/**
 * The contract's types, gathered in one place for the renderer. Types only: the renderer must
 * not bundle zod or anything else from main (lint enforces it).
 */
export type {
  AdminSettingKey,
  AdminSettings,
  AdminView,
  Bridge,
  BrokerInfo,
  CallArgs,
  CallName,
  CallResult,
  ConnectStep,
  CHANNEL_PREFIX,
  BRIDGE_PATH,
  Desktop,
  DesktopStatus,
  EndAction,
  EndReason,
  ErrorAction,
  ErrorCode,
  EventName,
  EventPayload,
  Locale,
  PolicyLayerStatus,
  Reply,
  Screen,
  ScreenKind,
  SecondFactorMethod,
  ShellApi,
  ShellEvents,
  ShellView,
  UiError,
  UsbAdminView,
  UsbDeviceView,
  UsbView,
  WireError,
} from '../src-main/contract/index.ts';

/** One screen variant of the view, by kind. */
import type { Screen } from '../src-main/contract/index.ts';
export type ScreenOf<K extends Screen['kind']> = Extract<Screen, { kind: K }>;
