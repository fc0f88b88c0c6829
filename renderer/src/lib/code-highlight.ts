import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import diff from 'highlight.js/lib/languages/diff';
import ini from 'highlight.js/lib/languages/ini';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import latex from 'highlight.js/lib/languages/latex';
import matlab from 'highlight.js/lib/languages/matlab';
import python from 'highlight.js/lib/languages/python';
import r from 'highlight.js/lib/languages/r';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// highlight.js core with the languages research notes carry (analysis scripts, configs, data, LaTeX):
// about 8 KB gzipped for the core plus 0.4–3 KB per language, where a Lezer grammar per language costs
// 10–30 KB each. Aliases (py, sh, js, ts, yml, html, m, tex, …) come with the language definitions.
for (const [name, lang] of Object.entries({
  bash,
  c,
  cpp,
  diff,
  ini,
  javascript,
  json,
  latex,
  matlab,
  python,
  r,
  sql,
  typescript,
  xml,
  yaml,
})) {
  hljs.registerLanguage(name, lang);
}

/**
 * Highlighted HTML for a fenced block's text (highlight.js escapes it), or '' for a language it does not
 * know (markdown-it then escapes the plain text). No auto-detection: it is slow and often wrong.
 */
export function highlightCode(code: string, info: string): string {
  const lang = info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (!lang || !hljs.getLanguage(lang)) return '';
  try {
    return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  } catch {
    return '';
  }
}
