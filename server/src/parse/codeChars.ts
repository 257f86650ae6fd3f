// One pass over C text that sees only code: comments, string and character literals and preprocessor
// lines (continued lines included) are stepped over, as the parser reads them. nesting.ts and
// unmatched.ts count brackets with it, so both agree on what is code.

/**
 * Calls `visit(c, i)` for each character of code that is not a blank (c is its char code), in order.
 * An unterminated `/*` is read on as code, as the parser reads it (see openComments.ts).
 */
export function forEachCodeChar(text: string, visit: (c: number, i: number) => void): void {
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
      const end = text.indexOf('*/', i + 2);
      if (end < 0) unclosed = true;
      i = end < 0 ? i + 2 : end + 2;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i = skipLiteral(text, i);
    } else {
      visit(c, i);
      i++;
    }
  }
}

/**
 * The index just past the string or character literal whose quote is at `i`: its closing quote, or the
 * line end when nothing closes it (escapes skipped). The lexer reads literals the same way.
 */
export function skipLiteral(text: string, i: number): number {
  const q = text.charCodeAt(i);
  const n = text.length;
  i++;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === 92 /* \ */) i += 2;
    else if (d === q) return i + 1;
    else if (d === 10 || d === 13) return i;
    else i++;
  }
  return i;
}
