import './links.css';
import type { ImportFileReport } from '../../../../electron/contract/index';

const MAX_ROWS = 500;

/**
 * The import report per file: its outcome and what was converted into Dossier's fields, kept in the body
 * as written, or dropped (with the reason), so nothing is lost silently.
 */
export function ImportFileList({ files }: { files: readonly ImportFileReport[] }) {
  if (!files.length) return null;
  const dropped = files.filter((f) => f.dropped.length).length;
  return (
    <details className="import-files" open={dropped > 0 && files.length <= 20} data-testid="import-files">
      <summary>
        Each file ({files.length}){dropped > 0 && ` · ${dropped} with something dropped`}
      </summary>
      <table className="import-file-table small">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Outcome</th>
            <th scope="col">Converted</th>
            <th scope="col">Kept as text</th>
            <th scope="col">Dropped</th>
          </tr>
        </thead>
        <tbody>
          {files.slice(0, MAX_ROWS).map((f) => (
            <tr key={f.path} className={f.dropped.length ? 'has-dropped' : undefined}>
              <td>
                <code>{f.path}</code>
              </td>
              <td>{f.outcome}</td>
              <td>{f.converted.join(', ') || '—'}</td>
              <td>{f.keptAsText.join(', ') || '—'}</td>
              <td>{f.dropped.join('; ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {files.length > MAX_ROWS && (
        <p className="muted small">
          The first {MAX_ROWS} of {files.length} files; `dossier import --json` lists them all.
        </p>
      )}
    </details>
  );
}
