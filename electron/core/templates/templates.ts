import type { Note, StoreData, Topic } from '../../domain/model.js';
import type { PropertyMap, PropertyValue } from '../../domain/property-value.js';
import { noteList } from '../../domain/note-access.js';

/**
 * Templates are ordinary notes in the topic named "Templates" (a reserved name, case ignored): they are
 * edited, searched, exported and imported like any note — an Obsidian vault's `Templates` folder comes in
 * as that topic — and a new note copies one with its placeholders filled in (docs/markdown-format.md).
 */
export const TEMPLATES_TOPIC = 'Templates';

/** Placeholders a template may hold; `{{cursor}}` marks where typing starts (removed from the note). */
export const PLACEHOLDERS = ['date', 'time', 'topic', 'title', 'partners', 'cursor'] as const;

/** The live Templates topic, if there is one. */
export function templatesTopic(data: StoreData): Topic | undefined {
  return Object.values(data.topics).find(
    (t) => !t.deletedAt && t.name.toLowerCase() === TEMPLATES_TOPIC.toLowerCase(),
  );
}

/** The live template notes, by title. */
export function listTemplates(data: StoreData): Note[] {
  const topic = templatesTopic(data);
  if (!topic) return [];
  return noteList(data)
    .filter((n) => !n.deletedAt && n.topicId === topic.id)
    .sort((a, b) => a.title.localeCompare(b.title));
}

/** Values the placeholders take for one new note. */
export type TemplateContext = { now: Date; topic: Topic | undefined; title: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** Fills `{{date}}` (YYYY-MM-DD), `{{time}}` (HH:MM, local), `{{topic}}`, `{{title}}`, `{{partners}}`; unknown ones stay. */
export function fillPlaceholders(text: string, ctx: TemplateContext, keepCursor = false): string {
  const d = ctx.now;
  const values: Record<string, string> = {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
    topic: ctx.topic?.name ?? '',
    title: ctx.title,
    partners: ctx.topic?.partners.join(', ') ?? '',
  };
  return text.replace(/\{\{\s*([a-z]+)\s*\}\}/gi, (m, name: string) => {
    const key = name.toLowerCase();
    if (key === 'cursor') return keepCursor ? m : '';
    return values[key] ?? m;
  });
}

function fillValue(v: PropertyValue, ctx: TemplateContext): PropertyValue {
  if (typeof v === 'string') return fillPlaceholders(v, ctx);
  if (Array.isArray(v)) return v.map((x) => fillValue(x, ctx));
  if (v && typeof v === 'object') {
    const out: PropertyMap = {};
    for (const [k, x] of Object.entries(v)) out[k] = fillValue(x, ctx);
    return out;
  }
  return v;
}

/** What a new note gets from a template: title, body without the cursor marker, tags, properties, cursor offset. */
export function instantiate(
  template: Note,
  ctx: Omit<TemplateContext, 'title'> & { title?: string | undefined },
): { title: string; body: string; tags: string[]; properties: PropertyMap; cursor: number } {
  const base = { now: ctx.now, topic: ctx.topic, title: '' };
  const title = (ctx.title?.trim() || fillPlaceholders(`${template.title} {{date}}`, base)).trim();
  const full = { ...base, title };
  const marked = fillPlaceholders(template.body, full, true);
  const at = marked.search(/\{\{\s*cursor\s*\}\}/i);
  const body = marked.replace(/\{\{\s*cursor\s*\}\}/gi, '');
  const properties = fillValue(template.properties ?? {}, full) as PropertyMap;
  return { title, body, tags: template.tags, properties, cursor: at < 0 ? body.length : at };
}

/** The four templates Dossier ships (installed into the Templates topic on request). */
export const SHIPPED_TEMPLATES: { title: string; tags: string[]; properties: PropertyMap; body: string }[] = [
  {
    title: 'Meeting minutes',
    tags: ['activity/meeting'],
    properties: {
      'meeting-date': '{{date}}',
      participants: [],
      partner: '{{partners}}',
      'review-state': 'draft',
    },
    body: `# {{title}}

**Topic:** {{topic}} · **Partners:** {{partners}} · **Date:** {{date}}, {{time}}

## Participants
- {{cursor}}

## Agenda
1.

## Discussion

## Decisions
-

## Action items
| Action | Owner | Due |
|---|---|---|
|  |  |  |

## Next meeting
`,
  },
  {
    title: 'Partner visit report',
    tags: ['activity/exchange'],
    properties: {
      'visit-date': '{{date}}',
      partner: '{{partners}}',
      'document-ref': '',
      'review-state': 'draft',
    },
    body: `# {{title}}

**Topic:** {{topic}} · **Host / visitors:** {{partners}} · **Date:** {{date}}

## Purpose of the visit
{{cursor}}

## People met
-

## What we saw
-

## Agreements and open points
-

## Releasability
Shared with:

## Follow-up
- [ ]
`,
  },
  {
    title: 'Trial log',
    tags: ['activity/trial'],
    properties: {
      'trial-date': '{{date}}',
      site: '',
      'test-article': '',
      'action-owner': '',
      'review-state': 'draft',
    },
    body: `# {{title}}

**Topic:** {{topic}} · **Date:** {{date}} · **Start:** {{time}}

## Set-up
- Site:
- Configuration:
- Instrumentation:

## Runs
| # | Time | Conditions | Result | Notes |
|---|---|---|---|---|
| 1 | {{time}} |  |  | {{cursor}} |

## Anomalies

## Data files

## Conclusions and next trial
`,
  },
  {
    title: "Exchange officer's weekly report",
    tags: ['activity/exchange'],
    properties: { 'week-of': '{{date}}', 'host-lab': '{{partners}}', due: '', 'review-state': 'draft' },
    body: `# {{title}}

**Programme:** {{topic}} · **Host:** {{partners}} · **Week of:** {{date}}

## Summary
{{cursor}}

## Experiments and work
-

## People
-

## Issues needing action
- [ ]

## Plans for next week
-
`,
  },
];
