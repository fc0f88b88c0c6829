import { emptyStoreData, type Note, type StoreData, type Topic } from '../electron/domain/model.js';
import { pick, seededRandom } from './random.js';

// Vocabulary modelled on ../shared/domain.md: joint research between institutions in several countries.
const INSTITUTIONS = [
  'fraunhofer-fhr',
  'kaist',
  'tno',
  'onera',
  'dstl',
  'add',
  'tubitak-sage',
  'rafael-lab',
  'dlr',
  'kth',
  'inta',
  'csir',
  'aselsan-research',
  'leonardo-labs',
  'thales-rt',
  'saab-ew',
  'hanwha-rd',
  'mbda-tech',
  'nlr',
  'ffi',
];
const COUNTRIES = [
  'germany',
  'korea',
  'netherlands',
  'france',
  'uk',
  'turkey',
  'israel',
  'sweden',
  'spain',
  'norway',
  'italy',
  'usa',
  'japan',
  'poland',
  'finland',
];
const ACTIVITIES = ['meeting', 'exchange', 'conference', 'workshop', 'site-visit', 'review', 'call', 'trial'];
const TECH = [
  'radar',
  'propulsion',
  'seeker',
  'signal-processing',
  'guidance',
  'materials',
  'ew',
  'optics',
  'datalink',
  'simulation',
  'ai',
  'thermal',
  'antenna',
  'sensor-fusion',
  'test-range',
];
const STATUS = ['action-needed', 'waiting', 'done', 'blocked', 'draft'];
const REVIEW = ['legal', 'export-control', 'security', 'budget', 'ip'];
const PHASE = ['requirements', 'design', 'prototype', 'integration', 'qualification', 'closing'];

/** ~300 nested tags, as a long-running programme office accumulates them. */
export function tagVocabulary(): string[] {
  const tags: string[] = [];
  for (const i of INSTITUTIONS) tags.push(`partner/${i}`, `partner/${i}/contracts`, `partner/${i}/people`);
  for (const c of COUNTRIES) tags.push(`country/${c}`, `country/${c}/visits`);
  for (const a of ACTIVITIES) tags.push(`activity/${a}`);
  for (const t of TECH)
    tags.push(`tech/${t}`, `tech/${t}/test`, `tech/${t}/papers`, `tech/${t}/requirements`);
  for (const s of STATUS) tags.push(`status/${s}`);
  for (const r of REVIEW) tags.push(`review/${r}`);
  for (const p of PHASE) tags.push(`phase/${p}`);
  for (let y = 2021; y <= 2026; y++) for (let q = 1; q <= 4; q++) tags.push(`period/${y}/q${q}`);
  for (let k = 0; tags.length < 300; k++) tags.push(`topic-code/tc-${String(k).padStart(3, '0')}`);
  return tags;
}

const WORDS =
  'radar seeker interceptor antenna calibration waveform clutter doppler tracking guidance propulsion motor thermal test range trial sensor fusion datalink latency requirement interface specification review milestone partner exchange visit workshop agenda minutes action decision budget schedule risk mitigation prototype integration qualification export control licence memorandum understanding laboratory signal processing algorithm kalman filter bandwidth frequency aperture array beamforming jamming resilience materials composite ceramic optics infrared detector cooling simulation model validation dataset benchmark publication conference keynote poster session delegation secondment researcher engineer'.split(
    ' ',
  );
const FOREIGN = [
  'Überprüfung',
  'Abstimmung',
  'Zusammenarbeit',
  '레이더',
  '교류',
  '회의록',
  'تعاون',
  'اجتماع',
  'שיתוף',
  'פגישה',
  'işbirliği',
  'toplantı',
  'Prüfstand',
  'café',
  'résumé',
  'naïve',
];
const TITLES = [
  'Minutes: %s steering meeting',
  'Trip report %s',
  'Exchange week at %s',
  'Talk summary: %s',
  'Requirements draft for %s',
  'Action list %s',
  'Literature notes on %s',
  'Contact note: %s',
  'Test campaign %s',
  'Review of %s interface',
];

const SYLLABLES = 'ka ri to mo na ser vel dun lo pra ste gi ban tor mis ak ul ren fa qu zo ber lin dre'.split(
  ' ',
);
/**
 * A long tail of 3,000 rarer terms (names, codes, jargon), so that as in real notes most words are rare
 * and a few are everywhere; picked with a skewed (Zipf-like) distribution.
 */
export const RARE_WORDS: readonly string[] = (() => {
  const rand = seededRandom(7);
  const words = new Set<string>();
  while (words.size < 3000)
    words.add(Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(rand, SYLLABLES)).join(''));
  return [...words];
})();
export const COMMON_WORDS: readonly string[] = WORDS;

function word(rand: () => number): string {
  const r = rand();
  if (r < 0.04) return pick(rand, FOREIGN);
  if (r < 0.6) return pick(rand, WORDS);
  return RARE_WORDS[Math.floor(RARE_WORDS.length * rand() ** 2.5)]!;
}

function sentence(rand: () => number, length: number): string {
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(word(rand));
  const s = words.join(' ');
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
}

/** A markdown body of roughly `targetBytes`: headings, paragraphs, lists, sometimes a table or code. */
function body(rand: () => number, targetBytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < targetBytes) {
    const r = rand();
    let block: string;
    if (r < 0.15) block = `## ${sentence(rand, 3).slice(0, -1)}`;
    else if (r < 0.35) block = Array.from({ length: 3 }, () => `- ${sentence(rand, 6)}`).join('\n');
    else if (r < 0.4)
      block = `| item | owner | due |\n|---|---|---|\n| ${pick(rand, WORDS)} | ${pick(rand, INSTITUTIONS)} | 2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)} |`;
    else if (r < 0.43)
      block =
        '```\nrange_km = ' + Math.floor(rand() * 400) + '\nsnr_db = ' + (rand() * 30).toFixed(1) + '\n```';
    else
      block = Array.from({ length: 3 + Math.floor(rand() * 3) }, () =>
        sentence(rand, 8 + Math.floor(rand() * 8)),
      ).join(' ');
    parts.push(block);
    size += block.length + 2;
  }
  return parts.join('\n\n');
}

export type CorpusOptions = {
  notes: number;
  seed?: number;
  topics?: number;
  bodyBytes?: number;
  tagsPerNote?: number;
};

/**
 * A deterministic synthetic store: `notes` notes (~1.5 KB bodies, 5 tags each from ~300 nested tags),
 * 200 topics, dates spread over five years ending 2026-11-01.
 */
export function generateCorpus(options: CorpusOptions): StoreData {
  const rand = seededRandom(options.seed ?? 42);
  const topicCount = options.topics ?? 200;
  const vocabulary = tagVocabulary();
  const end = Date.parse('2026-11-01T00:00:00Z');
  const span = 5 * 365 * 24 * 3600 * 1000;
  const data = emptyStoreData();
  const notes = data.notes.edit();
  const topicIds: string[] = [];
  for (let i = 0; i < topicCount; i++) {
    const id = `t${String(i).padStart(5, '0')}`;
    const created = new Date(end - rand() * span).toISOString();
    const partners = [pick(rand, INSTITUTIONS), pick(rand, INSTITUTIONS)].map((p) =>
      p.toUpperCase().replace(/-/g, ' '),
    );
    const topic: Topic = {
      id,
      name: `${pick(rand, ['Joint', 'Co-developed', 'Exchange', 'Symposium', 'Study'])} ${pick(rand, TECH)} programme ${i + 1}`,
      description: sentence(rand, 14),
      partners: [...new Set(partners)],
      status: pick(rand, ['planned', 'active', 'active', 'concluded'] as const),
      createdAt: created,
      updatedAt: created,
    };
    data.topics[id] = topic;
    topicIds.push(id);
  }
  for (let i = 0; i < options.notes; i++) {
    const id = `n${String(i).padStart(7, '0')}`;
    const created = end - rand() * span;
    const tags = new Set<string>();
    while (tags.size < (options.tagsPerNote ?? 5)) tags.add(pick(rand, vocabulary));
    const note: Note = {
      id,
      topicId: rand() < 0.05 ? null : pick(rand, topicIds),
      title: pick(rand, TITLES).replace(
        '%s',
        `${pick(rand, WORDS)} ${pick(rand, WORDS)}${rand() < 0.1 ? ' ' + pick(rand, FOREIGN) : ''}`,
      ),
      body: body(rand, options.bodyBytes ?? 1500),
      tags: [...tags].sort(),
      pinned: rand() < 0.01,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(Math.min(end, created + rand() * 90 * 24 * 3600 * 1000)).toISOString(),
    };
    notes.set(id, note);
  }
  data.notes = notes.done();
  return data;
}
