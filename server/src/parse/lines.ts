// Where the lines of a text start, kept in step with edits: an edit rescans only the text it
// inserted and moves the starts after it, so a keystroke in a long file costs what it typed.
// Lines end at LF, CRLF or a lone CR, as LSP and VS Code count them (and as the parser sees them:
// blanking makes a lone CR a LF).

/** One replacement: [start, oldEnd) of the old text became [start, newEnd) of the new one. */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** True when the character at `i` ends a line (LF, or a CR not followed by LF). */
function breaksAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10);
}

/** Line starts after the breaks in [from, to), in order. */
function startsIn(text: string, from: number, to: number, out: number[]): void {
  for (let i = text.indexOf('\n', from), r = text.indexOf('\r', from); ; ) {
    // The next LF or CR, whichever comes first (indexOf is native: long lines cost little).
    const next = i < 0 ? r : r < 0 ? i : Math.min(i, r);
    if (next < 0 || next >= to) return;
    if (breaksAt(text, next)) out.push(next + 1);
    if (next === i) i = text.indexOf('\n', next + 1);
    else r = text.indexOf('\r', next + 1);
  }
}

/** Offsets at which lines start: 0, and after every LF, CRLF or lone CR. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  startsIn(text, 0, text.length, starts);
  return starts;
}

export class LineStarts {
  private constructor(private starts: number[]) {}

  static of(text: string): LineStarts {
    return new LineStarts(lineStarts(text));
  }

  get count(): number {
    return this.starts.length;
  }

  /** Moves to the text after `edit` (`text` is the new text). */
  update(text: string, edit: TextEdit): void {
    const delta = edit.newEnd - edit.oldEnd;
    // A break at p depends on the characters at p and p + 1: from start - 1 on, they may differ.
    const from = Math.max(0, edit.start - 1);
    const lo = this.firstAbove(from); // starts after a break at >= from
    const hi = this.firstAbove(edit.oldEnd); // starts after a break at >= oldEnd keep theirs
    const fresh: number[] = [];
    startsIn(text, from, edit.newEnd, fresh);
    if (fresh.length === hi - lo) {
      // As many lines as before (a letter, a space): moved in place, no array of every start made again.
      const starts = this.starts;
      for (let i = 0; i < fresh.length; i++) starts[lo + i] = fresh[i];
      if (delta !== 0) for (let i = hi; i < starts.length; i++) starts[i] += delta;
      return;
    }
    const tail = this.starts.length - hi;
    const next = new Array<number>(lo + fresh.length + tail);
    for (let i = 0; i < lo; i++) next[i] = this.starts[i];
    for (let i = 0; i < fresh.length; i++) next[lo + i] = fresh[i];
    for (let i = 0; i < tail; i++) next[lo + fresh.length + i] = this.starts[hi + i] + delta;
    this.starts = next;
  }

  /** Index of the first start after a break at or beyond `at` (that is, start > at). */
  private firstAbove(at: number): number {
    let lo = 1;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] > at) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** 0-based line and UTF-16 column of an offset. */
  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  /** The offset of a line and column (the line clamped to the text). */
  offset(p: { line: number; character: number }): number {
    const start = this.starts[Math.min(Math.max(p.line, 0), this.starts.length - 1)] ?? 0;
    return start + p.character;
  }

  /** The point tree-sitter wants for an offset: row and column. */
  point(offset: number): { row: number; column: number } {
    const p = this.position(offset);
    return { row: p.line, column: p.character };
  }
}
