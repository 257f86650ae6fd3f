// The parser is never given brackets nested deeper than PARSE_NESTING_LIMIT.
// tree-sitter's error recovery recurses over its parse stack inside the wasm
// module, and about 2,000 levels of some shapes (`{ .a = { .a = ...` where an
// initializer cannot be) overrun the module's own stack: the module is left
// broken and every later parse in the process fails. Text deeper than the limit
// is blanked before parsing, and the analysis skips the functions that held it
// with a note (real code nests a few dozen levels at most).

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
  let lineStart = true;
  let unclosed = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = true;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (lineStart && c === 35 /* # */) {
      // A directive runs to the end of its line, continued lines included.
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) {
          const before = d === 10 && text.charCodeAt(i - 1) === 13 ? i - 2 : i - 1;
          if (text.charCodeAt(before) !== 92 /* \ */) break;
        }
        i++;
      }
      continue;
    }
    lineStart = false;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */ && !unclosed) {
      // An unterminated `/*` is read on as code, as the parser reads it (see openComments.ts).
      const end = text.indexOf('*/', i + 2);
      if (end < 0) unclosed = true;
      i = end < 0 ? i + 2 : end + 2;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === c) {
          i++;
          break;
        } else if (d === 10 || d === 13) break;
        else i++;
      }
    } else {
      if (c === 40 || c === 123 || c === 91) {
        if (++depth === limit + 1) start = i;
      } else if ((c === 41 || c === 125 || c === 93) && depth > 0) {
        if (depth-- === limit + 1) spans.push([start, i + 1]);
      }
      i++;
    }
  }
  if (depth > limit) spans.push([start, n]);
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
