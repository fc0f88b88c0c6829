import type MarkdownIt from 'markdown-it';
import type { StateCore, StateInline, Token } from 'markdown-it';

type Md = InstanceType<typeof MarkdownIt>;

/** A note an `![[embed]]` shows: its body (or the embedded section of it). */
export type EmbeddedNote = { id: string; title: string; body: string };

/**
 * What a render knows beyond the source (markdown-it's `env`): the notes `![[embeds]]` show, keyed by the
 * target as written (`Note`, `Note#Heading`), and the chain of notes being rendered (to stop cycles).
 */
export type RenderEnv = {
  embeds?: ReadonlyMap<string, EmbeddedNote> | undefined;
  /** ids of the notes around this render, outermost first (the open note first, when known) */
  chain?: readonly string[] | undefined;
};

/** Embeds inside embeds go this deep; further ones show as links. */
export const MAX_EMBED_DEPTH = 3;

const FILE_EXTENSION = /\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,5}$/i;

/** `[[target#heading|label]]` split into parts, as Obsidian reads it. */
export function splitWikiTarget(inner: string): {
  target: string;
  anchor: string | null;
  label: string | null;
} {
  const bar = inner.indexOf('|');
  const dest = (bar >= 0 ? inner.slice(0, bar) : inner).trim();
  const label = bar >= 0 ? inner.slice(bar + 1).trim() || null : null;
  const hash = dest.indexOf('#');
  return {
    target: (hash >= 0 ? dest.slice(0, hash) : dest).trim(),
    anchor: hash >= 0 ? dest.slice(hash + 1).trim() || null : null,
    label,
  };
}

/** The text a wikilink shows: its label, else `Title > Heading` as Obsidian does. */
function wikiText(target: string, anchor: string | null, label: string | null): string {
  if (label) return label;
  const a = anchor?.replace(/^\^/, '').replace(/#/g, ' > ');
  if (!target) return a ?? '';
  return a ? `${target} > ${a}` : target;
}

/**
 * `[[Title]]`, `[[Title#Heading|label]]` and `![[Embed]]` as inline tokens. A link becomes an anchor
 * carrying its target in data attributes (the preview resolves and opens it); an embed becomes a
 * `wikiembed` token rendered from `env.embeds`.
 */
function wikilinkRule(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  let pos = state.pos;
  const embed = src.charCodeAt(pos) === 0x21; /* ! */
  if (embed) pos++;
  if (src.charCodeAt(pos) !== 0x5b || src.charCodeAt(pos + 1) !== 0x5b) return false;
  const close = src.indexOf(']]', pos + 2);
  if (close < 0) return false;
  const inner = src.slice(pos + 2, close);
  if (!inner.trim() || inner.includes('\n') || inner.includes('[[') || inner.length > 1000) return false;
  if (!silent) {
    const parts = splitWikiTarget(inner);
    const token = state.push(embed ? 'wikiembed' : 'wikilink', '', 0);
    token.meta = { ...parts, raw: inner };
    token.content = inner;
  }
  state.pos = close + 2;
  return true;
}

function renderWikilink(tokens: Token[], idx: number, md: Md): string {
  const { target, anchor, label } = tokens[idx]!.meta as ReturnType<typeof splitWikiTarget>;
  const esc = md.utils.escapeHtml;
  const attrs = [
    'href="#"',
    'class="wikilink"',
    `data-target="${esc(target)}"`,
    anchor ? `data-anchor="${esc(anchor)}"` : '',
  ].filter(Boolean);
  return `<a ${attrs.join(' ')}>${esc(wikiText(target, anchor, label))}</a>`;
}

/** The part of a body an `#anchor` names: a heading's section (up to the next heading as high) or a block's line. */
export function sectionOf(body: string, anchor: string | null): string {
  if (!anchor) return body;
  if (anchor.startsWith('^')) {
    const id = anchor.slice(1);
    const line = body.split('\n').find((l) => new RegExp(`(?:^|\\s)\\^${escapeRe(id)}\\s*$`).test(l));
    return line ?? '';
  }
  const want = anchor.split('#').pop()!.trim().toLowerCase();
  const lines = body.split('\n');
  let start = -1;
  let level = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = /^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$/.exec(lines[i]!);
    if (!m) continue;
    if (start < 0) {
      if (m[2]!.trim().toLowerCase() === want) {
        start = i;
        level = m[1]!.length;
      }
    } else if (m[1]!.length <= level) {
      return lines.slice(start, i).join('\n');
    }
  }
  return start < 0 ? '' : lines.slice(start).join('\n');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function renderEmbed(md: Md, tokens: Token[], idx: number, env: RenderEnv): string {
  const { target, anchor, label, raw } = tokens[idx]!.meta as ReturnType<typeof splitWikiTarget> & {
    raw: string;
  };
  const esc = md.utils.escapeHtml;
  if (FILE_EXTENSION.test(target) && !/\.(md|markdown)$/i.test(target)) {
    return `<span class="embed-file" data-target="${esc(target)}">${esc(label ?? target)}</span>`;
  }
  const key = raw.split('|')[0]!.trim();
  const note = env.embeds?.get(key);
  const chain = env.chain ?? [];
  const link = `<a href="#" class="wikilink" data-target="${esc(target)}"${
    anchor ? ` data-anchor="${esc(anchor)}"` : ''
  }>${esc(wikiText(target, anchor, label))}</a>`;
  if (!note) return `<span class="embed embed-missing">${link}</span>`;
  if (chain.includes(note.id) || chain.length >= MAX_EMBED_DEPTH) {
    const why = chain.includes(note.id) ? 'embeds itself' : 'embedded too deep';
    return `<span class="embed embed-stopped" title="${why}">${link}</span>`;
  }
  // A fresh env: plugins keep per-document state in it (footnotes), which must not leak into the embed.
  const inner = md.render(sectionOf(note.body, anchor), { embeds: env.embeds, chain: [...chain, note.id] });
  return `<div class="embed" data-embed-id="${esc(note.id)}"><div class="embed-title">${link}</div>${inner}</div>`;
}

/** A paragraph holding only an embed renders as the embed's block, not inside a <p>. */
function unwrapEmbeds(state: StateCore): void {
  const t = state.tokens;
  for (let i = 1; i + 1 < t.length; i++) {
    const inline = t[i]!;
    if (inline.type !== 'inline' || t[i - 1]!.type !== 'paragraph_open') continue;
    const kids = (inline.children ?? []).filter((k) => !(k.type === 'text' && !k.content.trim()));
    if (kids.length && kids.every((k) => k.type === 'wikiembed' || k.type === 'softbreak')) {
      t[i - 1]!.hidden = true;
      t[i + 1]!.hidden = true;
    }
  }
}

/**
 * Block ids: `text ^b15695` at the end of a paragraph or list item line is hidden and becomes a
 * `data-block` anchor on its block, so `[[Note#^b15695]]` can scroll to it.
 */
function blockIds(state: StateCore): void {
  const t = state.tokens;
  for (let i = 1; i < t.length; i++) {
    const inline = t[i]!;
    if (inline.type !== 'inline' || !inline.children?.length) continue;
    const last = inline.children[inline.children.length - 1]!;
    if (last.type !== 'text') continue;
    const m = /(?:^|[ \t])\^([A-Za-z0-9-]+)[ \t]*$/.exec(last.content);
    if (!m) continue;
    last.content = last.content.slice(0, m.index);
    // The block is the nearest open token before the inline (paragraph, heading, list item's paragraph).
    let j = i - 1;
    while (j > 0 && t[j]!.hidden) j--;
    const open = t[j]!;
    open.attrSet('data-block', m[1]!);
    open.attrSet('id', `block-${m[1]!}`);
  }
}

const CALLOUT = /^\[!([A-Za-z][\w-]{0,30})\]([+-]?)[ \t]*(.*)$/;

/**
 * Obsidian callouts: a block quote whose first line is `[!type] Title` (`-` folded, `+` foldable and
 * open) becomes a `div.callout` (or `details` when foldable) with a title row. Runs before inline parsing,
 * so the first line is taken out of the paragraph's source.
 */
function callouts(state: StateCore): void {
  const t = state.tokens;
  const esc = state.md.utils.escapeHtml;
  for (let i = 0; i + 2 < t.length; i++) {
    const open = t[i]!;
    if (open.type !== 'blockquote_open') continue;
    const para = t[i + 1]!;
    const inline = t[i + 2]!;
    if (para.type !== 'paragraph_open' || inline.type !== 'inline') continue;
    const nl = inline.content.indexOf('\n');
    const first = nl >= 0 ? inline.content.slice(0, nl) : inline.content;
    const m = CALLOUT.exec(first);
    if (!m) continue;
    const type = m[1]!.toLowerCase();
    const fold = m[2]!;
    const title = m[3]!.trim() || type.charAt(0).toUpperCase() + type.slice(1);
    let depth = 0;
    let close = -1;
    for (let j = i; j < t.length; j++) {
      if (t[j]!.type === 'blockquote_open') depth++;
      else if (t[j]!.type === 'blockquote_close' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) continue;
    const tag = fold ? 'details' : 'div';
    open.tag = tag;
    open.attrSet('class', `callout callout-${type}`);
    open.attrSet('data-callout', type);
    if (fold === '+') open.attrSet('open', '');
    t[close]!.tag = tag;
    const head = new state.Token('html_block', '', 0);
    head.content = fold
      ? `<summary class="callout-title">${esc(title)}</summary>`
      : `<div class="callout-title">${esc(title)}</div>`;
    inline.content = nl >= 0 ? inline.content.slice(nl + 1) : '';
    if (!inline.content.trim()) {
      para.hidden = true;
      t[i + 3]!.hidden = true;
    }
    t.splice(i + 1, 0, head);
  }
}

/** Obsidian's own syntax for markdown-it: wikilinks, note embeds, callouts and block ids. */
export const obsidianMarkdown = (md: Md): void => {
  md.inline.ruler.before('link', 'wikilink', wikilinkRule);
  md.renderer.rules.wikilink = (tokens, idx) => renderWikilink(tokens, idx, md);
  md.renderer.rules.wikiembed = (tokens, idx, _opts, env) =>
    renderEmbed(md, tokens, idx, (env ?? {}) as RenderEnv);
  md.core.ruler.before('inline', 'callouts', callouts);
  md.core.ruler.after('inline', 'block-ids', blockIds);
  md.core.ruler.after('inline', 'unwrap-embeds', unwrapEmbeds);
};

/** The `![[…]]` embeds of a body (outside nothing smarter than a scan; the core's parser decides links). */
export function embedTargets(body: string): string[] {
  const out = new Set<string>();
  for (const m of body.matchAll(/!\[\[([^\]\n]{1,1000})\]\]/g)) out.add(m[1]!.split('|')[0]!.trim());
  return [...out];
}

/**
 * Every note a body links to, lower-cased: `[[targets]]` and markdown links to `.md` files (the preview
 * asks the core where each goes). A scan, not the core's parser: a target inside code is asked about too,
 * which costs one lookup and shows nothing, since code renders no link.
 */
export function linkTargets(body: string): string[] {
  const out = new Set<string>();
  for (const m of body.matchAll(/\[\[([^[\]\n]{1,1000})\]\]/g)) {
    const t = splitWikiTarget(m[1]!).target;
    if (t && !(FILE_EXTENSION.test(t) && !/\.(md|markdown)$/i.test(t))) out.add(t.toLowerCase());
  }
  for (const m of body.matchAll(/\]\(([^()\s#?:]{1,1000}\.(?:md|markdown))(?:#[^)\s]*)?\)/gi)) {
    try {
      out.add(decodeURIComponent(m[1]!).toLowerCase());
    } catch {
      // a malformed %-escape is no link target
    }
  }
  return [...out];
}
