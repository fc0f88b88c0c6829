import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ImportReport } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { invalidateAfterNoteChange } from '../../api/queries';
import { useJob } from '../../hooks/use-job';
import { Modal } from '../../ui/Modal';
import { ImportFileList } from '../links/ImportFileList';
import { FieldError } from '../../ui/FieldError';

type Props = { onClose: () => void; onImported: (label: string, undoId: number | null) => void };

/** Import markdown (a folder, a .zip or one .md): preview what will happen, then import in one undoable step. */
export function ImportDialog({ onClose, onImported }: Props) {
  const client = useClient();
  const qc = useQueryClient();
  const job = useJob();
  const [source, setSource] = useState(() => localStorage.getItem('dossier-import-source') ?? '');
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function runPreview(): Promise<void> {
    setError(null);
    setPreview(null);
    try {
      const r = await job.run((jobId) => client.call('import.preview', { source: source.trim(), jobId }));
      localStorage.setItem('dossier-import-source', source.trim());
      setPreview(r);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  async function runImport(): Promise<void> {
    setError(null);
    try {
      const r = await job.run((jobId) => client.call('import.run', { source: source.trim(), jobId }));
      invalidateAfterNoteChange(qc);
      onImported(r.added > 0 ? r.label : 'Nothing new to import', r.undoId);
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  const pick = client.transport.pickFolder;
  return (
    <Modal title="Import markdown" onClose={onClose} testId="import-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void runPreview();
        }}
      >
        <label>
          Folder, .zip or .md file
          <div className="row">
            <input
              value={source}
              onChange={(e) => {
                setSource(e.target.value);
                setPreview(null);
              }}
              placeholder="/home/me/Obsidian/Research vault"
              aria-label="Import source"
            />
            {pick && (
              <button
                type="button"
                className="button"
                onClick={() => void pick().then((p) => p && (setSource(p), setPreview(null)))}
              >
                Choose…
              </button>
            )}
          </div>
        </label>
        <p className="muted small">
          Obsidian vaults, Joplin exports and Dossier exports: front matter (title, tags, dates), inline #tags
          and folders become topics. Nothing changes until you press Import.
        </p>
        {job.running && (
          <p className="muted small" role="status">
            Reading files… {job.progress?.total ? `${job.progress.done} / ${job.progress.total}` : ''}{' '}
            <button type="button" className="link-button" onClick={job.cancel}>
              Cancel
            </button>
          </p>
        )}
        <FieldError message={error} />
        {preview && <ImportSummary report={preview} />}
        <div className="dialog-actions">
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          {preview ? (
            <button
              type="button"
              className="button primary"
              disabled={job.running || preview.added === 0}
              onClick={() => void runImport()}
            >
              Import {preview.added} note{preview.added === 1 ? '' : 's'}
            </button>
          ) : (
            <button type="submit" className="button primary" disabled={job.running || !source.trim()}>
              Preview
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}

function ImportSummary({ report }: { report: ImportReport }) {
  const problems = [
    ...report.skipped.map((s) => ({ path: s.path, text: `skipped: ${s.reason}` })),
    ...report.duplicates.map((d) => ({ path: d.path, text: d.reason })),
    ...report.warnings.map((w) => ({ path: w.path, text: w.message })),
  ];
  return (
    <div className="import-report" data-testid="import-report" role="status">
      <p>
        <strong>
          Will add {report.added} note{report.added === 1 ? '' : 's'}
          {report.newTopics.length > 0 &&
            `, ${report.newTopics.length} topic${report.newTopics.length === 1 ? '' : 's'}`}
        </strong>
        {report.skipped.length > 0 &&
          `, skip ${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'}`}
        {report.duplicates.length > 0 &&
          `, leave out ${report.duplicates.length} duplicate${report.duplicates.length === 1 ? '' : 's'}`}
        {report.unchanged > 0 && ` (${report.unchanged} already here)`}
        {report.ignored > 0 && ` · ${report.ignored} other file${report.ignored === 1 ? '' : 's'} ignored`}.
      </p>
      {report.newTopics.length > 0 && (
        <p className="muted small">New topics: {report.newTopics.join(', ')}</p>
      )}
      {problems.length > 0 && (
        <details open={problems.length <= 5}>
          <summary>
            {problems.length} remark{problems.length === 1 ? '' : 's'}
          </summary>
          <ul className="import-problems small">
            {problems.slice(0, 200).map((p, i) => (
              <li key={i}>
                <code>{p.path}</code> — {p.text}
              </li>
            ))}
          </ul>
        </details>
      )}
      <ImportFileList files={report.files ?? []} />
    </div>
  );
}
