import { describe, expect, it } from 'vitest';
import { takeToken } from '../../../../src-renderer/transport/token.ts';
import { setPageUrl } from '../helpers/page.ts';

describe('takeToken', () => {
  it('reads the hex token and removes the whole fragment from the address', () => {
    setPageUrl('http://127.0.0.1:5123/index.html?x=1#token=00ff9A');
    expect(takeToken(location, history)).toBe('00ff9A');
    expect(location.href).toBe('http://127.0.0.1:5123/index.html?x=1');
  });

  it('finds the token among other fragment parameters', () => {
    setPageUrl('http://127.0.0.1:5123/#a=b&token=abc123&c=d');
    expect(takeToken(location, history)).toBe('abc123');
  });

  it('refuses a token that is not hex, and still clears the fragment', () => {
    setPageUrl('http://127.0.0.1:5123/#token=abc"><script>');
    expect(takeToken(location, history)).toBeNull();
    expect(location.hash).toBe('');
  });

  it('returns null when there is no fragment', () => {
    setPageUrl('http://127.0.0.1:5123/');
    expect(takeToken(location, history)).toBeNull();
  });
});
