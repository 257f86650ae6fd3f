// The piecewise bracket scan (parse/codeScan.ts) must say what the whole-text scans say (nesting.ts,
// unmatched.ts), fresh and after any chain of edits; the resumable pass it is built on must visit what
// the one-piece pass visited before it was made resumable (the reference copy below).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODE, forEachCodeChar, scanCode, UNTERMINATED } from '../../server/src/parse/codeChars';
import { CodeScan } from '../../server/src/parse/codeScan';
import { overNested, PARSE_NESTING_LIMIT } from '../../server/src/parse/nesting';
import { unclosedCommentOpeners } from '../../server/src/parse/openComments';
import { unmatchedOpeners } from '../../server/src/parse/unmatched';

/** skipLiteral as the two reference copies below read literals (codeChars.ts before scanCode). */
function referenceSkipLiteral(text: string, at: number): number {
  const n = text.length;
  const q = text.charCodeAt(at);
  at++;
  while (at < n) {
    const d = text.charCodeAt(at);
    if (d === 92) at += 2;
    else if (d === q) return at + 1;
    else if (d === 10 || d === 13) return at;
    else at++;
  }
  return at;
}

/** forEachCodeChar as it was written before scanCode: one loop over the whole text. */
function referenceCodeChars(text: string, visit: (c: number, i: number) => void): void {
  let lineStart = true;
  let unclosed = false;
  const n = text.length;
  let i = 0;
  const skip = (at: number): number => referenceSkipLiteral(text, at);
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
    if (lineStart && c === 35) {
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 10 || d === 13) {
          const before = d === 10 && text.charCodeAt(i - 1) === 13 ? i - 2 : i - 1;
          if (text.charCodeAt(before) !== 92) break;
        }
        i++;
      }
      continue;
    }
    lineStart = false;
    if (c === 47 && text.charCodeAt(i + 1) === 42 && !unclosed) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) unclosed = true;
      i = end < 0 ? i + 2 : end + 2;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 34 || c === 39) {
      i = skip(i);
    } else {
      visit(c, i);
      i++;
    }
  }
}

/** The pieces of C that move the scan's state: brackets, comments, literals, escapes, directives, line ends. */
const TOKENS = ['(', ')', '[', ']', '{', '}', '/*', '*/', '//', '"', "'", '\\', '\n', '\r\n', '\r', '#', ' ', 'x', '\\\n', '*', '/', '\t', '#define A(', '\n#', ')\n'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomText(r: () => number, tokens: number): string {
  let t = '';
  for (let i = 0; i < tokens; i++) t += TOKENS[Math.floor(r() * TOKENS.length)];
  return t;
}

function truth(text: string): { tooDeep: boolean; unmatched: boolean; unterminated: boolean } {
  const unterminated = scanCode(text, 0, text.length, CODE, () => undefined) === UNTERMINATED;
  if (unterminated) return { tooDeep: false, unmatched: false, unterminated };
  return { tooDeep: overNested(text).length > 0, unmatched: unmatchedOpeners(text).length > 0, unterminated };
}

test('the resumable pass visits what the one-loop pass visited', () => {
  const r = rng(7);
  for (let n = 0; n < 400; n++) {
    const text = randomText(r, Math.floor(r() * 300));
    const seen: number[] = [];
    const want: number[] = [];
    forEachCodeChar(text, (c, i) => seen.push(c, i));
    referenceCodeChars(text, (c, i) => want.push(c, i));
    assert.deepEqual(seen, want, JSON.stringify(text));
  }
});

test('a pass cut at any line start and resumed in the state it stopped in visits what one pass visits', () => {
  const r = rng(8);
  for (let n = 0; n < 300; n++) {
    const text = randomText(r, Math.floor(r() * 200));
    const want: number[] = [];
    forEachCodeChar(text, (c, i) => want.push(c, i));
    if (scanCode(text, 0, text.length, CODE, () => undefined) === UNTERMINATED) continue;
    const cuts = [...text.matchAll(/\n/g)].map((m) => m.index! + 1).filter(() => r() < 0.5);
    const seen: number[] = [];
    let state = CODE as ReturnType<typeof scanCode>;
    let at = 0;
    for (const to of [...cuts, text.length]) {
      state = scanCode(text, at, to, state, (c, i) => seen.push(c, i));
      at = to;
    }
    assert.deepEqual(seen, want, JSON.stringify(text));
  }
});

test('the piecewise scan says what the whole-text scans say, fresh and after chains of edits', () => {
  const r = rng(9);
  let checked = 0;
  for (let n = 0; n < 150; n++) {
    let text = randomText(r, 50 + Math.floor(r() * 400));
    const size = 1 + Math.floor(r() * 40);
    let scan = CodeScan.of(text, size);
    assert.deepEqual(scan.summary, truth(text), `fresh: ${JSON.stringify(text)}`);
    for (let e = 0; e < 25; e++) {
      const start = Math.floor(r() * (text.length + 1));
      const oldEnd = Math.min(text.length, start + (r() < 0.5 ? 0 : Math.floor(r() * 6)));
      const insert = r() < 0.3 ? '' : randomText(r, 1 + Math.floor(r() * 3));
      const next = text.slice(0, start) + insert + text.slice(oldEnd);
      scan = scan.update(next, { start, oldEnd, newEnd: start + insert.length });
      text = next;
      assert.deepEqual(scan.summary, truth(text), `after edit ${e}: ${JSON.stringify(text)}`);
      checked++;
    }
  }
  assert.equal(checked, 150 * 25);
});

test('the piecewise scan finds nesting past the parser limit, and loses it when a comment hides an opener', () => {
  const deep = `int a = 0;\n${'{\n'.repeat(PARSE_NESTING_LIMIT)}x\n${'}\n'.repeat(PARSE_NESTING_LIMIT)}`;
  let scan = CodeScan.of(deep, 64);
  assert.deepEqual(scan.summary, { tooDeep: false, unmatched: false, unterminated: false });
  // One more level, typed at the first opener.
  const at = deep.indexOf('{');
  const deeper = `${deep.slice(0, at)}{${deep.slice(at)}`;
  scan = scan.update(deeper, { start: at, oldEnd: at, newEnd: at + 1 });
  assert.deepEqual(scan.summary, { tooDeep: true, unmatched: false, unterminated: false });
  assert.equal(truth(deeper).tooDeep, true);
  // `//` typed before it: its line (two openers) is a comment now.
  const hidden = `${deeper.slice(0, at)}//${deeper.slice(at)}`;
  scan = scan.update(hidden, { start: at, oldEnd: at, newEnd: at + 2 });
  assert.deepEqual(scan.summary, truth(hidden));
  assert.equal(scan.summary.tooDeep, false);
});

/** unclosedCommentOpeners as it was written before its shortcut. */
function referenceOpeners(text: string): number[] {
  const lastClose = text.lastIndexOf('*/');
  const out: number[] = [];
  const n = text.length;
  let i = 0;
  const skip = (at: number): number => referenceSkipLiteral(text, at);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = i + 2 <= lastClose ? text.indexOf('*/', i + 2) : -1;
      if (end >= 0) {
        i = end + 2;
        continue;
      }
      out.push(i);
      i += 2;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 34 || c === 39) {
      i = skip(i);
    } else i++;
  }
  const tail: number[] = [];
  for (let j = text.indexOf('/*', lastClose < 0 ? 0 : lastClose + 2); j >= 0; j = text.indexOf('/*', j + 2)) {
    if (text.charCodeAt(j - 1) !== 47) tail.push(j);
  }
  return tail.length ? [...new Set([...out, ...tail])].sort((x, y) => x - y) : out;
}

test('unclosed comment openers: the shortcut past the last `*/` gives what the full pass gives', () => {
  const r = rng(10);
  let empty = 0;
  for (let n = 0; n < 600; n++) {
    const text = randomText(r, Math.floor(r() * 200));
    const want = referenceOpeners(text);
    if (want.length === 0) empty++;
    assert.deepEqual(unclosedCommentOpeners(text), want, JSON.stringify(text));
  }
  assert.ok(empty > 50 && empty < 550, `both outcomes drawn (${empty} of 600 empty)`);
  assert.deepEqual(unclosedCommentOpeners('/* a */ x /* b'), [10]);
  assert.deepEqual(unclosedCommentOpeners('/* a */ x'), []);
});
