// `(` and `[` that nothing closes. Inside an open parenthesis tree-sitter's
// error recovery meets every later function definition as an error, and its
// work grows with the square of the text that follows (an unclosed `g(` above
// 4,000 functions: seconds; above 10,000: minutes). Their character is blanked
// before parsing, as nesting.ts and openComments.ts do: the code after them is
// then read as code, and the line that held them stays a parse error.

import { forEachCodeChar } from './codeChars';

/**
 * Offsets of the `(` and `[` that no `)` or `]` closes (each closer pairs with the latest open one of its
 * kind). Comments, string and character literals and preprocessor lines do not count (a macro's
 * unbalanced brackets stay in its line). One pass.
 */
export function unmatchedOpeners(text: string): number[] {
  const parens: number[] = [];
  const squares: number[] = [];
  forEachCodeChar(text, (c, i) => {
    if (c === 40 /* ( */) parens.push(i);
    else if (c === 41 /* ) */) parens.pop();
    else if (c === 91 /* [ */) squares.push(i);
    else if (c === 93 /* ] */) squares.pop();
  });
  return parens.length || squares.length ? [...parens, ...squares].sort((a, b) => a - b) : [];
}
