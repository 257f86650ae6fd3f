// Hovers on offload symbols only (status codes, event types, upload reasons,
// the two calls, rule ids); general C hovers are left to cpptools and clangd.
import type { Hover, Position } from 'vscode-languageserver/node';
import { hoverMarkdown } from './hoverText';
import { LineMap } from '../analysis/source';

/** The identifier or rule id under the cursor. */
export function wordAt(text: string, offset: number): { word: string; start: number; end: number } | undefined {
  const isWord = (c: string | undefined) => !!c && /[A-Za-z0-9_/-]/.test(c);
  let s = offset;
  let e = offset;
  while (s > 0 && isWord(text[s - 1])) s--;
  while (e < text.length && isWord(text[e])) e++;
  if (s === e) return undefined;
  let word = text.slice(s, e);
  // `a-b` in C is a subtraction; keep the rule-id reading only for a/b shapes.
  if (!/^[a-z-]+\/[a-z-]+$/.test(word)) {
    s = offset;
    e = offset;
    while (s > 0 && /\w/.test(text[s - 1])) s--;
    while (e < text.length && /\w/.test(text[e])) e++;
    word = text.slice(s, e);
  }
  return word ? { word, start: s, end: e } : undefined;
}

export function hover(text: string | undefined, pos: Position): Hover | null {
  if (text === undefined) return null;
  const lines = new LineMap(text);
  const w = wordAt(text, lines.offset(pos));
  if (!w) return null;
  const md = hoverMarkdown(w.word);
  if (!md) return null;
  return { contents: { kind: 'markdown', value: md }, range: lines.range(w.start, w.end) };
}
