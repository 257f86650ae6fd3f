// `/*` with no `*/` after it. tree-sitter's lexer tries each such opener as a
// comment, reads to the end of the file, fails, and goes on: a few thousand of
// them make a parse take minutes (quadratic). They are blanked before parsing
// (both characters: ` *x *x ...` in a C++ class body is quadratic too); the
// parser then reads the text after them as code, as it did.
// Past the file's last `*/` this holds inside string literals and directives
// too: while recovering from an error (`si.Header."/*" ...`), and in the text
// of a directive (`#pragma x "/*"`), the lexer tries a comment there as well.

import { skipLiteral } from './codeChars';

/**
 * Offsets of the `/*` openers that no `*\/` closes: outside literals and line comments, and every one
 * after the last `*\/` (but the `/*` of a `//*`, which is a line comment's). Linear.
 */
export function unclosedCommentOpeners(text: string): number[] {
  const lastClose = text.lastIndexOf('*/');
  // Every opener found below lies at or past lastClose - 1 (one before it is closed by it, or by an
  // earlier `*/`): with none there, none is found. Two native searches instead of a pass in JavaScript.
  if (text.indexOf('/*', Math.max(0, lastClose - 1)) < 0) return [];
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      // A closed comment is skipped whole (its search stops at its own end: linear overall).
      const end = i + 2 <= lastClose ? text.indexOf('*/', i + 2) : -1;
      if (end >= 0) {
        i = end + 2;
        continue;
      }
      out.push(i);
      i += 2;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i = skipLiteral(text, i);
    } else i++;
  }
  const tail: number[] = [];
  for (let j = text.indexOf('/*', lastClose < 0 ? 0 : lastClose + 2); j >= 0; j = text.indexOf('/*', j + 2)) {
    if (text.charCodeAt(j - 1) !== 47 /* / */) tail.push(j);
  }
  return tail.length ? [...new Set([...out, ...tail])].sort((a, b) => a - b) : out;
}
