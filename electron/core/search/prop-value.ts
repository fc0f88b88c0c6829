/**
 * `prop:key`, `prop:key=value`, `prop:key>N` / `>=` / `<` / `<=`: the key and the comparison after it
 * (numbers, and dates compared as dates). Node-free: the explainer uses it on the renderer's side too.
 */
export function parsePropValue(value: string): {
  key: string;
  op: '' | '=' | '>' | '>=' | '<' | '<=';
  want: string;
} {
  const m = /^(.*?)(>=|<=|=|>|<)(.*)$/.exec(value);
  if (!m) return { key: value.trim(), op: '', want: '' };
  return { key: m[1]!.trim(), op: m[2] as '=', want: m[3]!.trim() };
}
