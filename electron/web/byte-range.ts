/**
 * The one HTTP byte range an attachment answer serves (RFC 9110 §14): `bytes=a-b`, `bytes=a-` or
 * `bytes=-n`, as [start, end) within a file of `size` bytes. null: no Range header, or one this server
 * answers with the whole file (several ranges, another unit, malformed) — which RFC 9110 allows.
 * 'unsatisfiable': a well-formed range wholly past the end (416).
 */
export function parseByteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  const last = m[2] === '' ? size - 1 : Number(m[2]);
  return { start, end: Math.min(last, size - 1) + 1 };
}
