import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ExportScope } from '../../../../electron/contract/index';
import { useClient } from '../../api/client-context';
import { useTopics } from '../../api/queries';

/** What the export dialog sends with an export: the partner, and the level the user confirmed. */
export type ReleaseChoice = { partner?: string; allowMarking?: string; ready: boolean };

/**
 * "For partner": choose a partner and see, before anything is written, how many notes go and how many are
 * withheld (and why). Anything above the scheme's confirmation level needs an explicit tick, with the count.
 */
export function ReleaseSection({
  scope,
  onChange,
}: {
  scope: ExportScope | null;
  onChange: (choice: ReleaseChoice) => void;
}) {
  const client = useClient();
  const topics = useTopics();
  const [partner, setPartner] = useState('');
  // The tick holds only for the counts it was given: a different scope or partner asks again.
  const [confirmedFor, setConfirmedFor] = useState<string | null>(null);
  const partners = [...new Set((topics.data ?? []).flatMap((t) => t.partners))].sort((a, b) =>
    a.localeCompare(b),
  );
  const check = useQuery({
    queryKey: ['markings', 'check', scope, partner],
    queryFn: () => client.call('export.check', { scope: scope!, ...(partner ? { partner } : {}) }),
    enabled: scope !== null,
  });
  const c = check.data;
  const needsConfirm = Boolean(c && c.aboveConfirm > 0);
  const confirmKey = c ? `${JSON.stringify(scope)}|${partner}|${c.highest}|${c.aboveConfirm}` : null;
  const confirmed = confirmKey !== null && confirmedFor === confirmKey;
  useEffect(() => {
    onChange({
      ...(partner ? { partner } : {}),
      ...(needsConfirm && confirmed && c?.highest ? { allowMarking: c.highest } : {}),
      ready: Boolean(c) && (!needsConfirm || confirmed),
    });
    // onChange is a state setter of the parent; the choice depends only on these values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [partner, confirmed, needsConfirm, c?.highest, Boolean(c)]);

  return (
    <fieldset className="release-section" data-testid="release-section">
      <legend>For</legend>
      <label>
        Partner{' '}
        <select aria-label="Export for partner" value={partner} onChange={(e) => setPartner(e.target.value)}>
          <option value="">Anyone (no partner filter)</option>
          {partners.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {c && (
        <div className="small" role="status" data-testid="release-summary">
          <p>
            {c.included} note{c.included === 1 ? '' : 's'} will be exported
            {c.highest ? `, highest marking ${c.highest}` : ''}.
            {c.partner && ` ${c.withheld.length} withheld: not releasable to ${c.partner}.`}
          </p>
          {c.withheldByReason.length > 0 && (
            <details>
              <summary>Why withheld</summary>
              <ul>
                {c.withheldByReason.map((w) => (
                  <li key={w.reason}>
                    {w.count} × {w.reason}
                  </li>
                ))}
              </ul>
              <ul className="muted">
                {c.withheld.slice(0, 20).map((w) => (
                  <li key={w.id}>
                    {w.title || 'Untitled'} — {w.level}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {needsConfirm && (
            <label className="confirm-marking">
              <input
                type="checkbox"
                checked={confirmed}
                onChange={(e) => setConfirmedFor(e.target.checked ? confirmKey : null)}
              />{' '}
              Yes, export {c.aboveConfirm} note{c.aboveConfirm === 1 ? '' : 's'} marked above {c.confirmAbove}{' '}
              (up to {c.highest})
            </label>
          )}
        </div>
      )}
    </fieldset>
  );
}
