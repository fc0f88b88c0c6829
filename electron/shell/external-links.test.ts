import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { externalUrl } from './external-links.js';

describe('external links allowed to reach the system browser', () => {
  it('allows plain http(s) links', () => {
    expect(externalUrl('https://example.org/paper?id=1#s2')).toBe('https://example.org/paper?id=1#s2');
    expect(externalUrl('http://192.0.2.1:8080/x')).toBe('http://192.0.2.1:8080/x');
  });

  it('refuses every other scheme, credentials that hide the host, and text that is not a URL', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'mailto:a@b.c',
      'ms-settings:',
      'vscode://file/etc/passwd',
      'smb://server/share',
      'https://bank.example@evil.example/',
      'https://user:pw@example.org/',
      'https://',
      'not a url',
      '',
    ])
      expect(externalUrl(url), url).toBeNull();
  });

  it('anything it allows is an http(s) URL without credentials (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.string()),
        (raw) => {
          const out = externalUrl(raw);
          if (out === null) return;
          const u = new URL(out);
          expect(['http:', 'https:']).toContain(u.protocol);
          expect(u.username + u.password).toBe('');
          expect(u.hostname).not.toBe('');
        },
      ),
    );
  });
});
