/** Short, locale-aware date for list rows. */
export function shortDate(iso: string): string {
  const d = new Date(iso);
  const now = new Date();
  const sameDay = d.toDateString() === now.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The title a note shows: its own, else its first line, else "Untitled". */
export function noteTitle(title: string, fallbackText = ''): string {
  if (title.trim()) return title;
  const line = fallbackText.split('\n').find((l) => l.trim());
  return line ? line.replace(/^#+\s*/, '').slice(0, 120) : 'Untitled';
}

/** True when the keyboard focus is in a text field (so single-key shortcuts must not fire). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable
  );
}
