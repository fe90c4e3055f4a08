import { describe, expect, it } from 'vitest';
import { backoffMs, pollUntil, sleep } from '../../../../../src-main/brokers/common/backoff.ts';
import { CookieJar } from '../../../../../src-main/brokers/common/cookies.ts';

describe('backoff', () => {
  it('doubles from the base up to the cap, with +-25 % jitter', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffMs(a, 200, 2000, () => 0.5))).toEqual([200, 400, 800, 1600, 2000]);
    expect(backoffMs(1, 200, 2000, () => 0)).toBe(300);
    expect(backoffMs(1, 200, 2000, () => 1)).toBe(500);
  });

  it('sleep rejects with cancelled when aborted', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 10);
    await expect(sleep(10_000, abort.signal)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('pollUntil asks until a value comes, with growing pauses', async () => {
    let asks = 0;
    const value = await pollUntil(async () => (++asks === 4 ? 'done' : undefined), { deadlineMs: 5000, signal: new AbortController().signal, firstMs: 5, what: 'task' });
    expect(value).toBe('done');
    expect(asks).toBe(4);
  });

  it('pollUntil stops at the deadline with session-timeout', async () => {
    let asks = 0;
    await expect(
      pollUntil(async () => {
        asks += 1;
        return undefined;
      }, { deadlineMs: 100, signal: new AbortController().signal, firstMs: 20, what: 'start VM 101' }),
    ).rejects.toMatchObject({ code: 'session-timeout', message: expect.stringMatching(/start VM 101/) });
    expect(asks).toBeGreaterThan(1);
    expect(asks).toBeLessThan(10);
  });
});

describe('CookieJar', () => {
  it('takes Set-Cookie lines, drops expired ones, and builds the Cookie header', () => {
    const jar = new CookieJar();
    expect(jar.header()).toBeUndefined();
    jar.take(['a=1; Path=/', 'b=2; Secure', 'c=3; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'broken']);
    expect(jar.header()).toBe('a=1; b=2');
    jar.take(['a=; Path=/', 'b=22; Max-Age=60']);
    expect(jar.header()).toBe('b=22');
    jar.take(['b=x; Max-Age=0']);
    expect(jar.header()).toBeUndefined();
  });
});
