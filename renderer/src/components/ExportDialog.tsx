import { useState } from 'react';
import type { ExportReport, ExportScope } from '../../../electron/contract';
import { useClient } from '../api/client-context';
import { ApiError } from '../api/client';
import { useTopics } from '../api/queries';
import { useUi } from '../state/ui-state';
import { Modal } from './Modal';

/** Export one note, the current topic or everything to markdown files in a chosen folder. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const client = useClient();
  const { state } = useUi();
  const topics = useTopics();
  const topic = topics.data?.find((t) => t.id === state.topicId);
  const [kind, setKind] = useState<ExportScope['kind']>(state.selectedNoteId ? 'note' : topic ? 'topic' : 'all');
  const [dir, setDir] = useState(() => localStorage.getItem('dossier-export-dir') ?? '');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ExportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const scope: ExportScope | null =
    kind === 'note' && state.selectedNoteId ? { kind: 'note', id: state.selectedNoteId } : kind === 'topic' && topic ? { kind: 'topic', id: topic.id } : kind === 'all' ? { kind: 'all' } : null;

  async function run(): Promise<void> {
    if (!scope || !dir.trim()) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const r = await client.call('export.run', { scope, dir: dir.trim() });
      localStorage.setItem('dossier-export-dir', dir.trim());
      setReport(r);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const pick = client.transport.pickFolder;
  return (
    <Modal title="Export to markdown" onClose={onClose} testId="export-dialog">
      <fieldset className="radio-group">
        <legend>What</legend>
        <label>
          <input type="radio" name="scope" checked={kind === 'note'} disabled={!state.selectedNoteId} onChange={() => setKind('note')} /> This note
        </label>
        <label>
          <input type="radio" name="scope" checked={kind === 'topic'} disabled={!topic} onChange={() => setKind('topic')} /> Topic{topic ? ` “${topic.name}”` : ' (select one in the sidebar)'}
        </label>
        <label>
          <input type="radio" name="scope" checked={kind === 'all'} onChange={() => setKind('all')} /> Everything
        </label>
      </fieldset>
      <label>
        Folder
        <div className="row">
          <input value={dir} onChange={(e) => setDir(e.target.value)} placeholder="/home/me/Documents/dossier-export" aria-label="Export folder" />
          {pick && (
            <button
              type="button"
              className="button"
              onClick={() =>
                void pick().then((p) => {
                  if (p) setDir(p);
                })
              }
            >
              Choose…
            </button>
          )}
        </div>
      </label>
      <p className="muted small">One .md file per note with YAML front matter, in a folder per topic. Existing files are never overwritten.</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <p className="success" role="status" data-testid="export-report">
          {report.files} file{report.files === 1 ? '' : 's'} written to {report.dir}
        </p>
      )}
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          {report ? 'Close' : 'Cancel'}
        </button>
        <button type="button" className="button primary" disabled={busy || !scope || !dir.trim()} onClick={() => void run()}>
          {busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
    </Modal>
  );
}
