import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow as FakeWindow, resetElectronFake } from '../../../../fakes/electron.ts';
import { superviseRenderer } from '../../../../../src-main/hosts/electron/renderer-watchdog.ts';
import { memoryLog } from './log.ts';

describe('superviseRenderer', () => {
  let window: FakeWindow;
  let relaunches: number;
  let quitting: boolean;
  beforeEach(() => {
    vi.useFakeTimers();
    resetElectronFake();
    window = new FakeWindow({});
    relaunches = 0;
    quitting = false;
    superviseRenderer(window as unknown as BrowserWindow, {
      backoffMs: [0, 1_000, 5_000],
      windowMs: 60_000,
      unresponsiveMs: 10_000,
      relaunch: () => relaunches++,
      isQuitting: () => quitting,
      log: memoryLog(),
    });
  });
  afterEach(() => vi.useRealTimers());

  it('reloads a crashed renderer, waiting longer after each crash', () => {
    window.webContents.crash();
    vi.advanceTimersByTime(0);
    expect(window.webContents.reloads).toBe(1);
    window.webContents.crash('oom');
    vi.advanceTimersByTime(999);
    expect(window.webContents.reloads).toBe(1);
    vi.advanceTimersByTime(1);
    expect(window.webContents.reloads).toBe(2);
    expect(relaunches).toBe(0);
  });

  it('relaunches the app when the renderer keeps crashing', () => {
    for (let i = 0; i < 3; i++) {
      window.webContents.crash();
      vi.advanceTimersByTime(5_000);
    }
    expect(window.webContents.reloads).toBe(3);
    window.webContents.crash();
    expect(relaunches).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(window.webContents.reloads).toBe(3);
  });

  it('forgets crashes older than the window', () => {
    for (let i = 0; i < 3; i++) {
      window.webContents.crash();
      vi.advanceTimersByTime(30_000);
    }
    window.webContents.crash();
    expect(relaunches).toBe(0);
  });

  it('does nothing while the app is quitting', () => {
    quitting = true;
    window.webContents.crash('clean-exit');
    vi.runAllTimers();
    expect(window.webContents.reloads).toBe(0);
  });

  it('kills a renderer that stays unresponsive, and spares one that recovers', () => {
    window.emit('unresponsive');
    vi.advanceTimersByTime(9_000);
    window.emit('responsive');
    vi.advanceTimersByTime(5_000);
    expect(window.webContents.crashesForced).toBe(0);
    window.emit('unresponsive');
    window.emit('unresponsive');
    vi.advanceTimersByTime(10_000);
    expect(window.webContents.crashesForced).toBe(1);
  });
});
