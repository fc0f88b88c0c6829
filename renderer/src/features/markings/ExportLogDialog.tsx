import { useQuery } from '@tanstack/react-query';
import { useClient } from '../../api/client-context';
import { Modal } from '../../ui/Modal';
import { markingKeys } from './queries';

/** The export log beside the store: every export, PDF and download, newest first. Read-only. */
export function ExportLogDialog({ onClose }: { onClose: () => void }) {
  const client = useClient();
  const log = useQuery({ queryKey: markingKeys.log, queryFn: () => client.call('export.log', {}) });
  return (
    <Modal title="Export log" onClose={onClose} testId="export-log-dialog">
      {log.data?.length === 0 && <p className="muted">Nothing has been exported from this notebook yet.</p>}
      {log.data && log.data.length > 0 && (
        // Focusable, so the log can be scrolled from the keyboard.
        <div className="export-log-scroll" tabIndex={0} role="region" aria-label="Exports, newest first">
          <table className="export-log small">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">What</th>
                <th scope="col">As</th>
                <th scope="col">Where</th>
                <th scope="col">Partner</th>
                <th scope="col">Included</th>
                <th scope="col">Withheld</th>
                <th scope="col">Highest</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((e, i) => (
                <tr key={`${e.time}-${i}`}>
                  <td>{new Date(e.time).toLocaleString()}</td>
                  <td>{e.scope}</td>
                  <td>{e.format}</td>
                  <td className="path">{e.destination}</td>
                  <td>{e.partner ?? '—'}</td>
                  <td>{e.included}</td>
                  <td>{e.withheld}</td>
                  <td>{e.highest ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
