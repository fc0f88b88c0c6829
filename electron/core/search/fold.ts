/** Case- and accent-insensitive form of text: "Überprüfung" and "uberprufung" fold alike. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}
