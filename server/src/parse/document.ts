// A parsed C file kept in step with the editor: each change re-blanks only the lines around
// it, re-parses incrementally from the previous tree, moves the line starts, and says which
// spans of the new tree differ from the old one (what the analysis must read again).
// Dropped trees are freed.
import { plainStatementAround, type PlainStatement } from './plainStatement';
import type { Parser, Tree } from 'web-tree-sitter';
import { blank, reblank, type Blanking, type Edit } from './blank';
import { CodeScan } from './codeScan';
import { LineStarts } from './lines';
import { overNested } from './nesting';
import { parseText } from './parser';
import type { Pieces } from './pieces';
import { unmatchedOpeners } from './unmatched';

/** What the last update changed: the edit of the user's text, and the spans of the new tree to read again. */
export interface DocumentChange {
  edit: Edit;
  /** Spans [start, end) of the new text whose text or syntax differs from the old one, in order, merged. */
  changed: [number, number][];
  /** The edit replaced blanks with blanks (a space, a line break, indentation). */
  blanksOnly: boolean;
  /** tree-sitter found the syntax changed somewhere (its changed ranges); false when only offsets moved. */
  structural: boolean;
  /** The plain statement the edit was typed in, as the tree before it had it (offsets of the new text). */
  statementBefore?: PlainStatement;
}

/** Compared in chunks: a string built by edits is a rope, and one character at a time it reads slowly. */
const CHUNK = 2048;

/** Length of the common prefix of a and b. */
export function commonPrefix(a: string, b: string, from = 0): number {
  const m = Math.min(a.length, b.length);
  let s = from;
  let step = CHUNK;
  while (s < m) {
    const e = Math.min(m, s + step);
    if (a.slice(s, e) === b.slice(s, e)) {
      s = e;
      continue;
    }
    if (step <= 16) {
      while (s < m && a.charCodeAt(s) === b.charCodeAt(s)) s++;
      return s;
    }
    step >>= 3;
  }
  return s;
}

/** Length of the common suffix of a and b, not reaching into the first `floor` characters of either. */
export function commonSuffix(a: string, b: string, floor: number): number {
  const m = Math.min(a.length, b.length) - floor;
  let n = 0;
  let step = CHUNK;
  while (n < m) {
    const k = Math.min(m, n + step);
    if (a.slice(a.length - k, a.length - n) === b.slice(b.length - k, b.length - n)) {
      n = k;
      continue;
    }
    if (step <= 16) {
      while (n < m && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
      return n;
    }
    step >>= 3;
  }
  return n;
}

/** The edit that turns `a` into `b` (one span: the first and last characters that differ). */
export function diff(a: string, b: string): Edit {
  const start = commonPrefix(a, b);
  const tail = commonSuffix(a, b, start);
  return { start, oldEnd: a.length - tail, newEnd: b.length - tail };
}

/** diff(a, b) for texts known to be equal outside `within` ([start, oldEnd) of a became [start, newEnd) of b). */
function diffWithin(a: Pieces, b: Pieces, within: Edit): Edit {
  const d = diff(a.slice(within.start, within.oldEnd), b.slice(within.start, within.newEnd));
  return { start: within.start + d.start, oldEnd: within.start + d.oldEnd, newEnd: within.start + d.newEnd };
}

/** Characters on each side of an edit compared before a caller's edit is trusted. */
const CHECKED = 64;

/**
 * `edit` turns `a` into `b` as far as can be told cheaply: the lengths agree, and so do the characters
 * next to it (an edit from some other text is not trusted; the texts are then compared whole).
 */
export function fits(a: string, b: string, edit: Edit): boolean {
  const { start, oldEnd, newEnd } = edit;
  if (!(0 <= start && start <= oldEnd && oldEnd <= a.length && start <= newEnd && b.length - newEnd === a.length - oldEnd)) return false;
  const s = Math.max(0, start - CHECKED);
  return a.slice(s, start) === b.slice(s, start) && a.slice(oldEnd, oldEnd + CHECKED) === b.slice(newEnd, newEnd + CHECKED);
}

export class ParsedDocument {
  private blanking: Blanking;
  /** Where the text's brackets nest too deeply or stay open, kept piece by piece across edits. */
  private scan: CodeScan;
  private current: Tree;
  readonly lines: LineStarts;
  /** Set by update(): what changed (undefined after the first parse or when nothing changed). */
  lastChange: DocumentChange | undefined;
  /**
   * False after an incremental parse gave a tree with syntax errors: tree-sitter's error recovery,
   * starting from the old tree's pieces, may then differ from a parse from scratch. settle() makes
   * them one (the server does it when typing pauses).
   */
  settled = true;

  constructor(
    private readonly parser: Parser,
    public text: string,
  ) {
    this.scan = CodeScan.of(text);
    const { deep, unmatched } = this.rare(text);
    this.blanking = blank(text, deep, undefined, unmatched);
    this.lines = LineStarts.of(text);
    this.current = parseText(parser, this.blanking.text);
  }

  get tree(): Tree {
    return this.current;
  }

  /** The text the parser was given (annotations blanked). */
  get blankedText(): string {
    return this.blanking.text.toString();
  }

  /** Spans nested too deeply to parse (see nesting.ts), for the analysis to skip. */
  get deep(): [number, number][] {
    return this.blanking.deep;
  }

  /** Spans nested too deeply, and brackets nothing closes: read over the whole text only when the scan says there are some. */
  private rare(text: string): { deep: [number, number][]; unmatched: number[] } {
    const s = this.scan.summary;
    return { deep: s.tooDeep || s.unterminated ? overNested(text) : [], unmatched: s.unmatched || s.unterminated ? unmatchedOpeners(text) : [] };
  }

  /**
   * Moves to a new text; the parser is told the span where the blanked texts differ. `edit`, when the
   * caller knows it (the editor sends it), is what turned the current text into `text`; otherwise the two
   * texts are compared.
   */
  update(text: string, edit?: Edit): void {
    if (!edit || !fits(this.text, text, edit)) edit = diff(this.text, text);
    this.lastChange = undefined;
    if (edit.start === edit.oldEnd && edit.start === edit.newEnd) {
      this.text = text;
      return;
    }
    const blanksOnly = isBlank(this.text, edit.start, edit.oldEnd) && isBlank(text, edit.start, edit.newEnd);
    this.scan = this.scan.update(text, edit);
    const { deep, unmatched } = this.rare(text);
    const next = reblank(this.blanking, text, edit, deep, unmatched) ?? blank(text, deep, undefined, unmatched);
    const old = this.blanking.text;
    // The blanked texts differ within the window reblank redid; found again here, exactly.
    const b = next.redone ? diffWithin(old, next.text, next.redone) : diff(old.toString(), next.text.toString());
    this.lines.update(text, edit);
    this.text = text;
    this.blanking = next;
    // The edited text itself may change facts without changing the syntax (a name, a value).
    const changed: [number, number][] = [[edit.start, edit.newEnd]];
    let structural = false;
    let statementBefore: PlainStatement | undefined;
    if (b.start !== b.oldEnd || b.start !== b.newEnd) {
      // Rows and columns: the blanked text has its line breaks where the user's has them.
      const edited = this.current;
      const startPosition = this.lines.point(b.start);
      edited.edit({
        startIndex: b.start,
        oldEndIndex: b.oldEnd,
        newEndIndex: b.newEnd,
        startPosition,
        oldEndPosition: endPoint(old.slice(b.start, b.oldEnd + 1), 0, b.oldEnd - b.start, startPosition),
        newEndPosition: this.lines.point(b.newEnd),
      });
      statementBefore = plainStatementAround(edited.rootNode, b.start, b.newEnd);
      this.current = parseText(this.parser, next.text, edited);
      this.settled = !this.current.rootNode.hasError;
      for (const r of edited.getChangedRanges(this.current)) {
        changed.push([r.startIndex, r.endIndex]);
        // tree-sitter names blanks typed after a token (`a++; `) as a changed range of their own: no node
        // with text lies inside blanks, so that range alone is no change of syntax.
        if (!(blanksOnly && b.start <= r.startIndex && r.endIndex <= b.newEnd)) structural = true;
      }
      edited.delete();
      changed.push([b.start, b.newEnd]);
    }
    this.lastChange = { edit, changed: merge(changed), blanksOnly, structural, ...(statementBefore ? { statementBefore } : {}) };
  }

  /** Parses the text from scratch when the tree may differ from such a parse; true when it did differ (the tree is replaced). */
  settle(): boolean {
    if (this.settled) return false;
    const fresh = parseText(this.parser, this.blanking.text);
    this.settled = true;
    let same = true;
    try {
      // tree-sitter compares the two trees node by node with a stack of its own (no recursion, unlike
      // toString, which overflows the wasm stack on deep trees).
      same = this.current.getChangedRanges(fresh).length === 0;
    } finally {
      if (same) fresh.delete();
    }
    if (same) return false;
    this.current.delete();
    this.current = fresh;
    this.lastChange = undefined;
    return true;
  }

  dispose(): void {
    this.current.delete();
  }
}

/** The row and column reached from `from` (at `at`) after the text's characters up to `to`. */
function endPoint(text: string, from: number, to: number, at: { row: number; column: number }): { row: number; column: number } {
  let { row, column } = at;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      row++;
      column = 0;
    } else column++;
  }
  return { row, column };
}

/** True when text[start, end) is all blanks (spaces, tabs, line breaks); a short span, read where it is. */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 11 && c !== 12) return false;
  }
  return true;
}

function merge(spans: [number, number][]): [number, number][] {
  spans.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}
