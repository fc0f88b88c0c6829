/**
 * The only URLs Dossier hands to the system browser: http and https with a host and without user
 * credentials (which would hide the real host: `https://bank.example@evil.example/`). Everything else —
 * file:, javascript:, custom schemes that launch other programs, malformed text — is refused (null).
 */
export function externalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}
