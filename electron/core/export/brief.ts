import type { Note, Topic } from '../../domain/model.js';
import type { NoteSort } from '../../domain/views.js';
import { displayTitle } from '../notes/notes.js';
import { bannerLine, dumpYaml } from './front-matter.js';
import { bannerText, highestOf, type EffectiveMarking } from '../markings/resolve.js';

/** GitHub/Obsidian-style heading anchor: lowercase, spaces to dashes, punctuation dropped. */
function anchor(text: string, used: Map<string, number>): string {
  const base =
    text
      .toLowerCase()
      .trim()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .replace(/\s+/g, '-') || 'note';
  const n = used.get(base) ?? 0;
  used.set(base, n + 1);
  return n === 0 ? base : `${base}-${n}`;
}

/** Headings inside a note body move down two levels so they nest under the note's own heading. */
function nestHeadings(body: string): string {
  let fence: string | null = null;
  return body
    .split('\n')
    .map((line) => {
      const f = /^(```|~~~)/.exec(line);
      if (f) fence = fence === f[1] ? null : (fence ?? f[1]!);
      if (fence) return line;
      return line.replace(/^(#{1,4})(?=\s)/, '$1##');
    })
    .join('\n');
}

/**
 * One markdown file for sharing a topic with partners: the topic (partners, status, description), a
 * table of contents, then every note with its tags and dates, in the chosen order.
 */
export function renderBrief(
  topic: Topic,
  notes: Note[],
  order: NoteSort,
  markings?: ReadonlyMap<string, EffectiveMarking>,
  partner?: string,
): string {
  const used = new Map<string, number>();
  // The brief carries the highest marking of what it holds; releasability is what every note shares.
  const all = markings ? notes.flatMap((n) => (markings.get(n.id) ? [markings.get(n.id)!] : [])) : [];
  const top = highestOf(all);
  // For a partner, everything inside is releasable to it; else what all notes share.
  const shared = partner
    ? [partner]
    : all.length
      ? all[0]!.releasableTo.filter((p) => all.every((m) => m.releasableTo.includes(p)))
      : [];
  const briefMarking = top ? { level: top.level, releasableTo: shared } : null;
  const front = dumpYaml({
    ...(briefMarking ? { marking: briefMarking.level, releasable_to: shared } : {}),
    title: `${topic.name} — brief`,
    topic: topic.name,
    partners: topic.partners,
    status: topic.status,
    notes: notes.length,
    order,
  });
  const entries = notes.map((n) => ({ note: n, title: displayTitle(n), id: '' }));
  for (const e of entries) e.id = anchor(e.title, used);
  const banner = briefMarking ? [bannerLine(briefMarking), ''] : [];
  const lines = [
    `---\n${front}---`,
    ...banner,
    `# ${topic.name}`,
    '',
    `**Partners:** ${topic.partners.join(', ') || '—'}  `,
    `**Status:** ${topic.status}  `,
    `**Notes:** ${notes.length}`,
    '',
    ...(topic.description ? [topic.description, ''] : []),
    '## Contents',
    '',
    ...entries.map((e, i) => `${i + 1}. [${e.title.replace(/[[\]]/g, '')}](#${e.id})`),
    '',
  ];
  for (const e of entries) {
    const meta = [
      `created ${e.note.createdAt.slice(0, 10)}`,
      `updated ${e.note.updatedAt.slice(0, 10)}`,
      ...(e.note.tags.length ? [e.note.tags.map((t) => `#${t}`).join(' ')] : []),
    ];
    const m = markings?.get(e.note.id);
    if (m) meta.unshift(bannerText(m));
    lines.push(`## ${e.title}`, '', `*${meta.join(' · ')}*`, '', nestHeadings(e.note.body).trimEnd(), '');
  }
  if (briefMarking) lines.push(bannerLine(briefMarking));
  return lines.join('\n') + (briefMarking ? '\n' : '');
}
