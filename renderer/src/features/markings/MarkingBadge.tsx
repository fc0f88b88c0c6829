import { textOn } from './marking-colours';

/** A note's marking as a small coloured badge (note list, facets). */
export function MarkingBadge({ level, colour, title }: { level: string; colour: string; title?: string }) {
  return (
    <span
      className="marking-badge"
      style={{ background: colour, color: textOn(colour) }}
      title={title ?? level}
      data-testid="marking-badge"
    >
      {level}
    </span>
  );
}
