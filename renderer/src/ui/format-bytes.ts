/**
 * A file size for people: 12 bytes, 340 KB, 1.2 MB, 1.05 GB — the same wording as the core's messages
 * (electron/core/attachments/format-bytes.ts; the renderer may import only types from there).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
