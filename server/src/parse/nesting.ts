// The parser is never given brackets nested deeper than PARSE_NESTING_LIMIT.
// tree-sitter's error recovery recurses over its parse stack inside the wasm
// module, and about 2,000 levels of some shapes (`{ .a = { .a = ...` where an
// initializer cannot be) overrun the module's own stack: the module is left
// broken and every later parse in the process fails. Text deeper than the limit
// is blanked before parsing, and the analysis skips the functions that held it
// with a note (real code nests a few dozen levels at most).

import { forEachCodeChar } from './codeChars';

/** Brackets ( { [ open at once, at most, in the text the parser sees. */
export const PARSE_NESTING_LIMIT = 1000;

/**
 * Spans [start, end) of the text nested deeper than `limit` brackets, in order. Comments, string and
 * character literals and preprocessor lines do not count (a macro's unbalanced braces stay in its line).
 * One pass.
 */
export function overNested(text: string, limit = PARSE_NESTING_LIMIT): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let start = -1;
  forEachCodeChar(text, (c, i) => {
    if (c === 40 || c === 123 || c === 91) {
      if (++depth === limit + 1) start = i;
    } else if ((c === 41 || c === 125 || c === 93) && depth > 0) {
      if (depth-- === limit + 1) spans.push([start, i + 1]);
    }
  });
  if (depth > limit) spans.push([start, text.length]);
  return spans;
}

/** `text` with the spans made blanks (line breaks kept, so offsets and lines stay). */
export function blankSpans(text: string, spans: readonly (readonly [number, number])[]): string {
  if (spans.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of spans) {
    parts.push(text.slice(at, s), text.slice(s, e).replace(/[^\r\n]/g, ' '));
    at = e;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
