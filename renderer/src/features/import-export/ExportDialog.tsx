import { useState } from 'react';
import type {
  ExportFormat,
  ExportReport,
  ExportScope,
  NoteFilter,
  NoteSort,
} from '../../../../electron/contract/index';
import { useJob } from '../../hooks/use-job';
import { useClient } from '../../api/client-context';
import { ApiError } from '../../api/client';
import { useTopics } from '../../api/queries';
import { useUi } from '../../state/ui-state';
import { Modal } from '../../ui/Modal';
import { FieldError } from '../../ui/FieldError';
import { ReleaseSection, type ReleaseChoice } from '../markings/ReleaseSection';

/** Export one note, the current results, a topic or everything: files per note, one .zip, or a topic brief. */
export function ExportDialog({
  onClose,
  filter,
  resultCount,
}: {
  onClose: () => void;
  filter: NoteFilter;
  resultCount: number | undefined;
}) {
  const client = useClient();
  const { state, dispatch } = useUi();
  const [release, setRelease] = useState<ReleaseChoice>({ ready: false });
  const releaseInput = {
    ...(release.partner ? { partner: release.partner } : {}),
    ...(release.allowMarking ? { allowMarking: release.allowMarking } : {}),
  };
  const topics = useTopics();
  const topic = topics.data?.find((t) => t.id === state.topicId);
  const filtered = Boolean(filter.text || filter.tags?.length || filter.topicId);
  // What is selected: a search's results, else the open topic, else the open note, else everything.
  const [kind, setKind] = useState<ExportScope['kind']>(() =>
    filter.text || filter.tags?.length
      ? 'query'
      : state.topicId && state.topicId !== 'inbox'
        ? 'topic'
        : state.selectedNoteId
          ? 'note'
          : 'all',
  );
  // In a browser the server's folders are not the user's: offer a download, and make it the default.
  const browser = client.transport.mode === 'browser';
  const [target, setTarget] = useState<'download' | 'folder'>(browser ? 'download' : 'folder');
  const [downloaded, setDownloaded] = useState<{ name: string; notes: number; withheld: number } | null>(
    null,
  );
  const [format, setFormat] = useState<ExportFormat>('files');
  const [order, setOrder] = useState<NoteSort>('created');
  const job = useJob();
  const [dir, setDir] = useState(() => localStorage.getItem('dossier-export-dir') ?? '');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ExportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const scope: ExportScope | null =
    kind === 'note' && state.selectedNoteId
      ? { kind: 'note', id: state.selectedNoteId }
      : kind === 'topic' && topic
        ? { kind: 'topic', id: topic.id }
        : kind === 'query' && filtered
          ? { kind: 'query', filter }
          : kind === 'all'
            ? { kind: 'all' }
            : null;
  const effectiveFormat: ExportFormat =
    target === 'download' ? 'zip' : format === 'brief' && kind !== 'topic' ? 'files' : format;

  async function download(): Promise<void> {
    if (!scope) return;
    setBusy(true);
    setError(null);
    setReport(null);
    setDownloaded(null);
    try {
      const r = await client.call('export.archive', { scope, order, ...releaseInput });
      // fetch + blob + object URL: the token stays in a header, never in a link.
      const bytes = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = r.name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownloaded({ name: r.name, notes: r.notes, withheld: r.withheld });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function run(): Promise<void> {
    if (target === 'download') return download();
    if (!scope || !dir.trim()) return;
    setBusy(true);
    setError(null);
    setReport(null);
    setDownloaded(null);
    try {
      const target = dir.trim();
      const r = await job.run((jobId) =>
        client.call('export.run', {
          scope,
          dir: target,
          format: effectiveFormat,
          order,
          jobId,
          ...releaseInput,
        }),
      );
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
          <input
            type="radio"
            name="scope"
            checked={kind === 'note'}
            disabled={!state.selectedNoteId}
            onChange={() => setKind('note')}
          />{' '}
          This note
        </label>
        <label>
          <input
            type="radio"
            name="scope"
            checked={kind === 'topic'}
            disabled={!topic}
            onChange={() => setKind('topic')}
          />{' '}
          Topic{topic ? ` “${topic.name}”` : ' (select one in the sidebar)'}
        </label>
        <label>
          <input
            type="radio"
            name="scope"
            checked={kind === 'query'}
            disabled={!filtered}
            onChange={() => setKind('query')}
          />{' '}
          These results{filtered && resultCount !== undefined ? ` (${resultCount})` : ''}
        </label>
        <label>
          <input type="radio" name="scope" checked={kind === 'all'} onChange={() => setKind('all')} />{' '}
          Everything
        </label>
      </fieldset>
      <ReleaseSection scope={scope} onChange={setRelease} />
      {browser && (
        <fieldset className="radio-group">
          <legend>Where</legend>
          <label>
            <input
              type="radio"
              name="target"
              checked={target === 'download'}
              onChange={() => setTarget('download')}
            />{' '}
            Download a .zip (one .md file per note)
          </label>
          <label>
            <input
              type="radio"
              name="target"
              checked={target === 'folder'}
              onChange={() => setTarget('folder')}
            />{' '}
            Write to a folder on the computer running Dossier
          </label>
        </fieldset>
      )}
      <fieldset className="radio-group" hidden={target === 'download'}>
        <legend>As</legend>
        <label>
          <input
            type="radio"
            name="format"
            checked={effectiveFormat === 'files'}
            onChange={() => setFormat('files')}
          />{' '}
          One .md file per note
        </label>
        <label>
          <input
            type="radio"
            name="format"
            checked={effectiveFormat === 'zip'}
            onChange={() => setFormat('zip')}
          />{' '}
          One .zip of those files
        </label>
        <label>
          <input
            type="radio"
            name="format"
            checked={effectiveFormat === 'brief'}
            disabled={kind !== 'topic'}
            onChange={() => setFormat('brief')}
          />{' '}
          Topic brief (one file)
        </label>
        {effectiveFormat === 'brief' && (
          <select
            aria-label="Order of notes in the brief"
            value={order}
            onChange={(e) => setOrder(e.target.value as NoteSort)}
          >
            <option value="created">Oldest first</option>
            <option value="updated">Last updated first</option>
            <option value="title">By title</option>
          </select>
        )}
      </fieldset>
      <label hidden={target === 'download'}>
        Folder
        <div className="row">
          <input
            value={dir}
            onChange={(e) => setDir(e.target.value)}
            placeholder="/home/me/Documents/dossier-export"
            aria-label="Export folder"
          />
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
      <p className="muted small">
        Markdown with YAML front matter (Obsidian and Joplin read it), a folder per topic. Existing files are
        never overwritten; a cancelled export leaves nothing behind.
      </p>
      {job.running && (
        <div className="progress-row" role="status">
          <progress
            max={job.progress?.total || 1}
            value={job.progress?.done ?? 0}
            aria-label="Export progress"
          />
          <span className="small muted">
            {job.progress ? `${job.progress.done} / ${job.progress.total}` : 'Starting…'}
          </span>
          <button type="button" className="link-button" onClick={job.cancel}>
            Cancel
          </button>
        </div>
      )}
      <FieldError message={error} />
      {report && (
        <p className="success" role="status" data-testid="export-report">
          {report.notes} note{report.notes === 1 ? '' : 's'} exported
          {report.partner ? ` for ${report.partner}` : ''}
          {report.withheld ? `, ${report.withheld} withheld` : ''}:{' '}
          {report.files === 1 && report.written?.length === 1 ? (
            // Name the one file, so a second export's "(2)" is visible rather than a silent new copy.
            <>
              wrote <strong>{report.written[0]}</strong> in {report.dir}
            </>
          ) : (
            <>
              {report.files} file{report.files === 1 ? '' : 's'} written to {report.dir}
            </>
          )}
        </p>
      )}
      {downloaded && (
        <p className="success" role="status" data-testid="export-report">
          {downloaded.notes} note{downloaded.notes === 1 ? '' : 's'} exported
          {downloaded.withheld ? `, ${downloaded.withheld} withheld` : ''}: downloaded{' '}
          <strong>{downloaded.name}</strong>
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="link-button"
          title="The export log: every export, download and print of this notebook"
          onClick={() => dispatch({ type: 'dialog', dialog: { kind: 'exportLog' } })}
        >
          Log…
        </button>
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          {report || downloaded ? 'Close' : 'Cancel'}
        </button>
        <button
          type="button"
          className="button"
          disabled={!scope || !release.ready}
          onClick={() =>
            scope &&
            dispatch({ type: 'dialog', dialog: { kind: 'print', request: { scope, ...releaseInput } } })
          }
        >
          Print / PDF…
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy || !scope || !release.ready || (target === 'folder' && !dir.trim())}
          onClick={() => void run()}
        >
          {busy ? 'Exporting…' : target === 'download' ? 'Download' : 'Export'}
        </button>
      </div>
    </Modal>
  );
}
