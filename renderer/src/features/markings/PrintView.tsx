import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ExportScope, PrintDocument } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { MarkdownPreview } from '../preview/MarkdownPreview';
import { textOn } from './marking-colours';

/** What to print: the same choice as an export (scope, partner, confirmed level). */
export type PrintRequest = { scope: ExportScope; partner?: string; allowMarking?: string };

/**
 * A note, the current results or a topic brief laid out for paper. The document's highest marking runs
 * at the top and bottom of every printed page (fixed elements repeat per page in print; the table's
 * header and footer groups reserve their room on each page); each note carries its own banner too. Browser mode prints with the browser (Save as PDF); Electron saves a PDF via the shell.
 */
export function PrintView({ request, onClose }: { request: PrintRequest; onClose: () => void }) {
  const client = useClient();
  const [doc, setDoc] = useState<PrintDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    document.body.classList.add('printing');
    client
      .call('print.prepare', {
        scope: request.scope,
        ...(request.partner ? { partner: request.partner } : {}),
        ...(request.allowMarking ? { allowMarking: request.allowMarking } : {}),
      })
      .then(setDoc, (err: unknown) => setError(err instanceof ApiError ? err.message : String(err)));
    return () => document.body.classList.remove('printing');
  }, [client, request]);

  const toPdf = client.transport.printToPdf;
  async function print(): Promise<void> {
    if (toPdf && doc) {
      const file = await toPdf(doc.title);
      if (file) setSaved(file);
    } else window.print();
  }

  // A direct child of <body>, so the print stylesheet can drop the whole app and keep only this.
  return createPortal(
    <div
      className="print-view"
      data-testid="print-view"
      data-ready={doc ? 'true' : 'false'}
      role="dialog"
      aria-modal="true"
      aria-label={doc ? `Print: ${doc.title}` : 'Print'}
    >
      <div className="print-toolbar no-print">
        <button type="button" className="button primary" disabled={!doc} onClick={() => void print()}>
          {toPdf ? 'Save as PDF…' : 'Print / Save as PDF'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        {doc && doc.withheld > 0 && (
          <span className="small">
            {doc.withheld} note{doc.withheld === 1 ? '' : 's'} withheld (not releasable to {doc.partner})
          </span>
        )}
        {saved && <span className="small">Saved {saved}</span>}
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </div>
      {doc && (
        <>
          <div
            className="print-banner print-top"
            style={{ background: doc.colour, color: textOn(doc.colour) }}
          >
            {doc.banner}
          </div>
          <table className="print-page">
            {/* Spacers Chromium repeats on every page, so text never runs under the fixed banners. */}
            <thead aria-hidden="true">
              <tr>
                <td>
                  <div className="print-spacer" />
                </td>
              </tr>
            </thead>
            <tfoot aria-hidden="true">
              <tr>
                <td>
                  <div className="print-spacer" />
                </td>
              </tr>
            </tfoot>
            <tbody>
              <tr>
                <td>
                  <h1>{doc.title}</h1>
                  {doc.partner && <p className="small">For {doc.partner}</p>}
                  {doc.notes.map((n) => (
                    <article key={n.id} className="print-note">
                      <div
                        className="print-note-banner"
                        style={{ borderColor: n.colour, color: n.colour === '#ffffff' ? '#000' : n.colour }}
                      >
                        {n.banner}
                      </div>
                      <h2>{n.title}</h2>
                      <p className="small muted">
                        {n.topic ? `${n.topic} · ` : ''}updated {n.updated.slice(0, 10)}
                      </p>
                      <MarkdownPreview source={n.body} />
                    </article>
                  ))}
                </td>
              </tr>
            </tbody>
          </table>
          <div
            className="print-banner print-bottom"
            style={{ background: doc.colour, color: textOn(doc.colour) }}
          >
            {doc.banner}
          </div>
        </>
      )}
    </div>,
    document.body,
  );
}
