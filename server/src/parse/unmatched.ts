// `(` and `[` that nothing closes. Inside an open parenthesis tree-sitter's
// error recovery meets every later function definition as an error, and its
// work grows with the square of the text that follows (an unclosed `g(` above
// 4,000 functions: seconds; above 10,000: minutes). Their character is blanked
// before parsing, as nesting.ts and openComments.ts do: the code after them is
// then read as code, and the line that held them stays a parse error.

/**
 * Offsets of the `(` and `[` that no `)` or `]` closes (each closer pairs with the latest open one of its
 * kind). Comments, string and character literals and preprocessor lines do not count (a macro's
 * unbalanced brackets stay in its line). One pass.
 */
export function unmatchedOpeners(text: string): number[] {
  const parens: number[] = [];
  const squares: number[] = [];
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
      if (c === 40 /* ( */) parens.push(i);
      else if (c === 41 /* ) */) parens.pop();
      else if (c === 91 /* [ */) squares.push(i);
      else if (c === 93 /* ] */) squares.pop();
      i++;
    }
  }
  return parens.length || squares.length ? [...parens, ...squares].sort((a, b) => a - b) : [];
}
