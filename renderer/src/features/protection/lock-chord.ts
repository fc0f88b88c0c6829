/** Ctrl+Shift+L (⌘+Shift+L on a Mac): Lock now. */
export function isLockChord(
  e: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'code' | 'key'>,
) {
  return (
    (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && (e.code === 'KeyL' || e.key.toLowerCase() === 'l')
  );
}
