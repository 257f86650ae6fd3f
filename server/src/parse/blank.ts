// Real driver code is full of tokens a C grammar does not know: IN/OUT/OPTIONAL,
// old and new SAL annotations, calling conventions. We overwrite them with spaces
// of the same length before parsing, so the tree has far fewer ERROR nodes and
// every offset in the tree is still an offset in the user's text.
import { blankSpans, overNested } from './nesting';
import { unclosedCommentOpeners } from './openComments';
import { unmatchedOpeners } from './unmatched';
import { Pieces } from './pieces';

/** Whole words replaced by spaces. */
const PLAIN = [
  'IN', 'OUT', 'INOUT', 'OPTIONAL', 'NTAPI', 'WINAPI', 'NDIS_API', 'STDCALL', 'CALLBACK', 'FASTCALL',
  'FORCEINLINE', '__forceinline', 'DECLSPEC_NOINLINE', 'DECLSPEC_CACHEALIGN', 'EXTERN_C', 'NTSYSAPI',
  'NTKERNELAPI', 'DECLSPEC_IMPORT', 'POINTER_ALIGNMENT', 'UNALIGNED', '__drv_aliasesMem',
  '__checkReturn', '__callback', '__nullterminated', '__reserved', '__success', '__range',
  '__in', '__out', '__inout', '__in_opt', '__out_opt', '__inout_opt', '__field_range', '__bcount', '__ecount',
];

/** Words mapped to the keyword of the same length. */
const KEYWORDS: Record<string, string> = { WHILE: 'while', CONST: 'const', VOLATILE: 'volatile' };

// New SAL: _In_, _Out_writes_bytes_(n), _IRQL_requires_max_(DISPATCH_LEVEL), _Use_decl_annotations_ ...
// Old SAL: __in_bcount(n), __out_ecount_opt(n), __drv_requiresIRQL(x), __deref_out ...
const ANNOTATION =
  /\b(?:_(?:In|Out|Inout|Outptr|Outref|Deref|Ret|Pre|Post|Must|Check|Success|Use|IRQL|Kernel|When|Function|Requires|Acquires|Releases|Guarded|Interlocked|Field|Struct|Null|Notnull|Maybenull|Printf|Scanf|Reserved|Const|Frees|At|Analysis|Dispatch|Always|Points|Readable|Writable|Valid|Literal|Strict|Landmark|Has|On|Return|Result|Called|Benign|No|Drv|Writes|Reads|Raises|Restores|Saves|Satisfies|Inexpressible)(?:_[A-Za-z0-9]+)*_|__(?:in|out|inout|deref|drv|field|bcount|ecount|format|typefix)_[A-Za-z0-9_]+)\b/g;

const PLAIN_RE = new RegExp(`\\b(?:${PLAIN.join('|')})\\b`, 'g');
const KEYWORD_RE = new RegExp(`\\b(?:${Object.keys(KEYWORDS).join('|')})\\b`, 'g');

/** Length of a balanced parenthesised group starting at `i` (after optional spaces), or 0. */
function parenGroupLength(text: string, i: number): number {
  let j = i;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  if (text[j] !== '(') return 0;
  let depth = 0;
  for (let k = j; k < text.length && k - j < 4000; k++) {
    const c = text[k];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return k + 1 - i;
    } else if (c === ';' || c === '{' || c === '}') return 0;
  }
  return 0;
}

function spaces(s: string): string {
  // Keep line breaks so rows and columns stay the same.
  return s.replace(/[^\r\n]/g, ' ');
}

/** The text the parser sees, and what an edit needs to redo only the part of it the edit can change. */
export interface Blanking {
  /** Kept as pieces: an edit re-blanks a window and keeps the rest of the old text without copying it. */
  text: Pieces;
  /** Spans [start, end) the word pass replaced, flat ([s0, e0, s1, e1, ...]) and in order. */
  words: number[];
  /** Spans nested deeper than the parser can take (see nesting.ts), blanked too. */
  deep: [number, number][];
  /** Offsets of the `/*` that nothing closes (see openComments.ts), blanked (both characters). */
  openers: number[];
  /** Offsets of the `(` and `[` that nothing closes (see unmatched.ts), blanked. */
  unmatched: number[];
  /** Made by reblank: the span redone ([start, oldEnd) of the previous text became [start, newEnd)); the texts are equal outside it. */
  redone?: Edit;
}

/**
 * Returns a text of the same length with annotations blanked and keyword aliases mapped, code nested
 * deeper than PARSE_NESTING_LIMIT blanked, unclosed `/*` blanked, `(` and `[` that nothing closes blanked,
 * and every lone CR (old Mac line
 * ending) made a LF: the C grammar ends `//` comments and directives at LF only.
 */
export function blankAnnotations(text: string): string {
  return blank(text).text.toString();
}

export function blank(text: string, deep: [number, number][] = overNested(text), openers: number[] = unclosedCommentOpeners(text), unmatched: number[] = unmatchedOpeners(text)): Blanking {
  const words: number[] = [];
  const out = blankWords(text, 0, text.length, words).text;
  // Text nested deeper than the parser can take is blanked too (see nesting.ts), and so is each `/*`
  // that nothing closes (see openComments.ts): both characters, since a run of ` *x` left in a C++ class
  // body costs tree-sitter-cpp's error recovery the square of its length. And each `(` and `[` that
  // nothing closes (see unmatched.ts).
  const blanked = blankSpans(blankSpans(blankSpans(out, deep), openers.map((o) => [o, o + 2] as const)), unmatched.map((o) => [o, o + 1] as const));
  return { text: Pieces.of(lineFeeds(blanked)), words, deep, openers, unmatched };
}

function lineFeeds(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** What an edit of the user's text did: [start, oldEnd) became [start, newEnd). */
export interface Edit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Annotations blank at most this far past their keyword (see parenGroupLength): text this far before
 * an edit cannot see it.
 */
const REACH = 4100;

/**
 * The blanking of `next`, made from `prev` (the blanking of the text before `edit`) by redoing only the
 * lines around the edit. Undefined when the whole text must be redone (text nested too deeply).
 */
export function reblank(prev: Blanking, next: string, edit: Edit, deep: [number, number][] = overNested(next), unmatched: number[] = unmatchedOpeners(next)): Blanking | undefined {
  // Rare, and decided by the whole text: deep nesting, and openers no comment closes (a `*/` typed
  // anywhere may close them all).
  if (prev.deep.length || deep.length || prev.openers.length || prev.unmatched.length) return undefined;
  const openers = unclosedCommentOpeners(next);
  if (openers.length) return undefined;
  // Likewise a bracket nothing closes: a `)` typed anywhere after it may close it.
  if (unmatched.length) return undefined;
  const delta = edit.newEnd - edit.oldEnd;
  // The window starts at a line start far enough before the edit that no annotation before it reads
  // the edited text, and that no replacement runs across it; it ends at a line start after the edit
  // past which the old replacements, moved by delta, still hold.
  let a = lineStartBefore(next, edit.start - REACH);
  for (let s = crossing(prev.words, a); s >= 0; s = crossing(prev.words, a)) a = lineStartBefore(next, s);
  let b = lineStartAfter(next, edit.newEnd);
  let win: { text: string; last: number };
  const words: number[] = [];
  for (;;) {
    words.length = 0;
    win = blankWords(next, a, b, words);
    if (win.last > b) {
      b = lineStartAfter(next, win.last);
      continue;
    }
    const old = crossingEnd(prev.words, b - delta);
    if (old >= 0) {
      b = lineStartAfter(next, old + delta);
      continue;
    }
    break;
  }
  const oldB = b - delta;
  const merged: number[] = [];
  for (let i = 0; i < prev.words.length && prev.words[i] < a; i += 2) merged.push(prev.words[i], prev.words[i + 1]);
  for (const w of words) merged.push(w);
  for (let i = firstAtOrAfter(prev.words, oldB); i < prev.words.length; i += 2) merged.push(prev.words[i] + delta, prev.words[i + 1] + delta);
  const text = Pieces.splice(prev.text, a, lineFeeds(win.text), prev.text, oldB);
  return { text, words: merged, deep, openers, unmatched, redone: { start: a, oldEnd: oldB, newEnd: b } };
}

/** The last line start (0, or just after a LF) at or before `at`. */
function lineStartBefore(text: string, at: number): number {
  if (at <= 0) return 0;
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** The start of the line after the one holding `at` (just after a LF), or the end of the text. */
function lineStartAfter(text: string, at: number): number {
  const i = at >= text.length ? -1 : text.indexOf('\n', Math.max(0, at));
  return i < 0 ? text.length : i + 1;
}

/** The start of the span that runs across `at` (start < at < end), or -1. */
function crossing(words: number[], at: number): number {
  const i = lastBefore(words, at);
  return i >= 0 && words[i + 1] > at ? words[i] : -1;
}

/** The end of the span that runs across `at`, or -1. */
function crossingEnd(words: number[], at: number): number {
  const i = lastBefore(words, at);
  return i >= 0 && words[i + 1] > at ? words[i + 1] : -1;
}

/** Index (even) of the last span starting before `at`, or -1. */
function lastBefore(words: number[], at: number): number {
  let lo = 0;
  let hi = words.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[2 * mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo - 2;
}

/** Index (even) of the first span starting at or after `at`. */
function firstAtOrAfter(words: number[], at: number): number {
  return lastBefore(words, at) + 2;
}

/**
 * The words of [from, to) replaced (from and to are line starts): the window's new text, the spans
 * replaced (appended to `spans`), and where the last replacement ends (it may run past `to`).
 */
function blankWords(text: string, from: number, to: number, spans: number[]): { text: string; last: number } {
  // Collected as (start, replacement) and applied in one pass: the file may be megabytes long.
  const window = from === 0 && to === text.length ? text : text.slice(from, to);
  const edits: [number, string][] = [];
  const directive = directiveLines(window);
  const onDirective = (pos: number) => directive.length > 0 && inDirective(directive, pos);
  for (const m of window.matchAll(ANNOTATION)) {
    if (onDirective(m.index!)) continue; // include guards such as _MP_H_ stay
    const start = from + m.index!;
    const len = m[0].length + parenGroupLength(text, start + m[0].length);
    edits.push([start, spaces(text.slice(start, start + len))]);
  }
  for (const m of window.matchAll(PLAIN_RE)) {
    if (onDirective(m.index!)) continue;
    const start = from + m.index!;
    const len = m[0].length + (m[0].startsWith('__') && m[0] !== '__forceinline' ? parenGroupLength(text, start + m[0].length) : 0);
    edits.push([start, spaces(text.slice(start, start + len))]);
  }
  for (const m of window.matchAll(KEYWORD_RE)) edits.push([from + m.index!, KEYWORDS[m[0]]]);
  if (edits.length === 0) return { text: window, last: from };
  edits.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let at = from;
  for (const [start, rep] of edits) {
    if (start < at) continue; // overlapping (an annotation inside another's parentheses)
    parts.push(text.slice(at, start), rep);
    at = start + rep.length;
    spans.push(start, at);
  }
  // (A replacement that ran past the window leaves its text unused: the caller widens the window.)
  if (at <= to) parts.push(text.slice(at, to));
  return { text: parts.join(''), last: at };
}

/** Spans [start, end) of preprocessor directive lines, in order. */
function directiveLines(text: string): number[] {
  const spans: number[] = [];
  for (const m of text.matchAll(/^[ \t]*#.*$/gm)) spans.push(m.index!, m.index! + m[0].length);
  return spans;
}
function inDirective(spans: number[], pos: number): boolean {
  let lo = 0;
  let hi = spans.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pos < spans[2 * mid]) hi = mid - 1;
    else if (pos >= spans[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}
