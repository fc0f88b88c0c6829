import { writeFileDurable } from '../store/durable-file.js';

/** The part of Electron's WebContents this needs (kept structural so the module has no electron import). */
export type PdfSource = {
  printToPDF(options: {
    printBackground: boolean;
    preferCSSPageSize: boolean;
    pageSize: 'A4';
    margins: { marginType: 'default' };
  }): Promise<Uint8Array>;
};

/** A file name from the document title: no path separators or characters Windows refuses. */
export function pdfFileName(title: string): string {
  const stem = title
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${stem || 'Dossier'}.pdf`;
}

/**
 * Saves the page (the print view, laid out by its print stylesheet, whose table header and footer put the
 * marking banner on every page) as a PDF where the user chooses; null when they cancel.
 */
export async function savePagePdf(
  contents: PdfSource,
  title: string,
  choosePath: (suggested: string) => Promise<string | null>,
): Promise<string | null> {
  const file = await choosePath(pdfFileName(title));
  if (!file) return null;
  const pdf = await contents.printToPDF({
    printBackground: true,
    preferCSSPageSize: true,
    pageSize: 'A4',
    margins: { marginType: 'default' },
  });
  await writeFileDurable(file, pdf);
  return file;
}
