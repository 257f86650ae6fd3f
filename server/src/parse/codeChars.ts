// One pass over C text that sees only code: comments, string and character literals and preprocessor
// lines (continued lines included) are stepped over, as the parser reads them. nesting.ts and
// unmatched.ts count brackets with it, so both agree on what is code; codeScan.ts runs the same pass
// piece by piece (it can stop at any line start and go on from there).

/** Where a scan stands at a line start: in code, or inside a construct that ran across the line break. */
export const CODE = 0;
export const IN_COMMENT = 1;
export const IN_DIRECTIVE = 2;
export const IN_STRING = 3;
export const IN_CHAR = 4;
/** A `/*` that nothing after it closes: the rest of the text is read differently (see forEachCodeChar). */
export const UNTERMINATED = 5;
export type ScanState = 0 | 1 | 2 | 3 | 4 | 5;

/**
 * Calls `visit(c, i)` for each character of code that is not a blank (c is its char code), in order.
 * An unterminated `/*` is read on as code, as the parser reads it (see openComments.ts).
 */
export function forEachCodeChar(text: string, visit: (c: number, i: number) => void): void {
  const at = scan(text, 0, text.length, CODE, visit, false);
  // Past an unterminated `/*` every later `/*` is unterminated too: all is code from there.
  if (at < 0) scan(text, -at - 1 + 2, text.length, CODE, visit, true);
}

/**
 * Reads [from, to) of `text` from `state` (CODE at a line start, or a construct that ran across the line
 * break just before `from`), calls `visit` for each character of code, and returns the state at `to`.
 * `to` is a line start or the end of the text. Returns UNTERMINATED, and stops, at a `/*` that nothing
 * closes.
 */
export function scanCode(text: string, from: number, to: number, state: ScanState, visit: (c: number, i: number) => void): ScanState {
  const r = scan(text, from, to, state, visit, false);
  return r < 0 ? UNTERMINATED : (r as ScanState);
}

/**
 * scanCode, returning -(offset + 1) of the `/*` that nothing closes instead of UNTERMINATED. With
 * `afterUnterminated` it starts just past such a `/*` (mid-line) and reads every `/*` as code.
 */
function scan(text: string, from: number, to: number, state: ScanState, visit: (c: number, i: number) => void, afterUnterminated: boolean): number {
  let i = from;
  let lineStart = !afterUnterminated;
  if (state === IN_COMMENT) {
    const end = text.indexOf('*/', i);
    if (end < 0) return -(i + 1);
    if (end + 2 > to) return IN_COMMENT;
    i = end + 2;
    lineStart = false;
  } else if (state === IN_DIRECTIVE) {
    i = directiveEnd(text, i, to);
    if (i >= to) return IN_DIRECTIVE;
  } else if (state === IN_STRING || state === IN_CHAR) {
    i = skipLiteralFrom(text, i, state === IN_STRING ? 34 : 39);
    if (i >= to) return i > to || literalRunsOn(text, i) ? state : CODE;
    lineStart = false;
  }
  while (i < to) {
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
      i = directiveEnd(text, i, to);
      if (i >= to) return to < text.length ? IN_DIRECTIVE : CODE;
      continue;
    }
    lineStart = false;
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */ && !afterUnterminated) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return -(i + 1);
      if (end + 2 > to) return IN_COMMENT;
      i = end + 2;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < to && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      i = skipLiteral(text, i);
      if (i >= to) return i > to || literalRunsOn(text, i) ? (c === 34 ? IN_STRING : IN_CHAR) : CODE;
    } else {
      visit(c, i);
      i++;
    }
  }
  return CODE;
}

/**
 * The end of the directive line running at `i` (continued lines included): the index of the line break
 * that ends it, or `to` when it runs on past `to`.
 */
function directiveEnd(text: string, i: number, to: number): number {
  while (i < to) {
    const d = text.charCodeAt(i);
    if ((d === 10 || d === 13) && endsDirective(text, i)) return i;
    i++;
  }
  return i;
}

/** The line break at `i` ends a directive (the character before it is not a backslash). */
function endsDirective(text: string, i: number): boolean {
  const d = text.charCodeAt(i);
  const before = d === 10 && text.charCodeAt(i - 1) === 13 ? i - 2 : i - 1;
  return text.charCodeAt(before) !== 92 /* \ */;
}

/**
 * A literal read up to `i`, a line start: it ran across the line break before `i` (escaped) rather than
 * ending at it.
 */
function literalRunsOn(text: string, i: number): boolean {
  // skipLiteral returns at the line break that ends a literal, so landing on a line start means an
  // escaped line break was stepped over.
  return i < text.length && text.charCodeAt(i - 1) === 10 && text.charCodeAt(i - 2) === 92;
}

/**
 * The index just past the string or character literal whose quote is at `i`: its closing quote, or the
 * line end when nothing closes it (escapes skipped). The lexer reads literals the same way.
 */
export function skipLiteral(text: string, i: number): number {
  return skipLiteralFrom(text, i + 1, text.charCodeAt(i));
}

/** skipLiteral from inside the literal (quote `q`), at `i`. */
function skipLiteralFrom(text: string, i: number, q: number): number {
  const n = text.length;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d === 92 /* \ */) i += 2;
    else if (d === q) return i + 1;
    else if (d === 10 || d === 13) return i;
    else i++;
  }
  return i;
}
