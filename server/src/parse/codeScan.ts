// Whether an edited text holds brackets nested too deeply (nesting.ts) or a `(` or `[` that nothing
// closes (unmatched.ts), without reading the whole text on each keystroke. The text is cut into pieces
// at line starts; each piece keeps how its brackets move the counts (composable summaries of the same
// pass nesting.ts and unmatched.ts make, codeChars.ts) and the scan state it starts and ends in. An
// edit re-reads the pieces it touched, and the pieces after them until the scan state at a piece's
// start is what it was: past that point nothing reads differently. Both conditions are rare: when the
// summaries say one holds, the caller computes its exact spans over the whole text.

import { CODE, scanCode, UNTERMINATED, type ScanState } from './codeChars';
import type { Edit } from './blank';
import { PARSE_NESTING_LIMIT } from './nesting';

/** Pieces are cut at the first line start past this many characters: an edit re-reads one or two. */
const PIECE = 4096;

/**
 * How a run of +1 (opener) and -1 (closer) steps moves a count that never goes below zero (a closer at
 * zero is ignored): with S the running sum from 0, `net` = S at the end, `low` = the least S (<= 0),
 * `high` = the greatest S, `rise` = the greatest climb of S above an earlier low. From a count d, the
 * greatest count reached is max(d + high, rise) and the count at the end is max(d + net, net - low).
 */
interface Walk {
  net: number;
  low: number;
  high: number;
  rise: number;
}

interface Piece {
  length: number;
  start: ScanState;
  end: ScanState;
  /** ( { [ against ) } ] (nesting.ts). */
  all: Walk;
  /** ( against ) and [ against ] (unmatched.ts). */
  parens: Walk;
  squares: Walk;
}

export interface ScanSummary {
  /** Some text is nested deeper than PARSE_NESTING_LIMIT (nesting.ts overNested is not empty). */
  tooDeep: boolean;
  /** Some `(` or `[` is not closed (unmatched.ts unmatchedOpeners is not empty). */
  unmatched: boolean;
  /** A `/*` nothing closes: the summaries do not hold (the text reads differently past it). */
  unterminated: boolean;
}

export class CodeScan {
  private constructor(
    private readonly pieces: Piece[],
    readonly summary: ScanSummary,
    private readonly size: number,
  ) {}

  /** `size`: where pieces are cut (tests cut them small). */
  static of(text: string, size = PIECE): CodeScan {
    const pieces = readPieces(text, 0, text.length, CODE, size);
    return new CodeScan(pieces, summarize(pieces), size);
  }

  /** The scan of `next`, the text this scan read after `edit`: the touched pieces read again. */
  update(next: string, edit: Edit): CodeScan {
    // Past a `/*` nothing closed the pieces were not all read.
    if (this.summary.unterminated) return CodeScan.of(next, this.size);
    const old = this.pieces;
    const delta = edit.newEnd - edit.oldEnd;
    // First piece holding the edit's start; first piece starting past its old end (its line start is
    // unchanged text, so it is a line start of `next` too).
    let i = 0;
    let at = 0;
    while (i < old.length - 1 && at + old[i].length <= edit.start) at += old[i++].length;
    const from = at;
    let k = i;
    let kAt = from;
    while (k < old.length && kAt <= edit.oldEnd) kAt += old[k++].length;
    const pieces = old.slice(0, i);
    let state: ScanState = i < old.length ? old[i].start : CODE;
    const redo = readPieces(next, from, k < old.length ? kAt + delta : next.length, state, this.size);
    for (const p of redo) pieces.push(p);
    state = redo.length ? redo[redo.length - 1].end : state;
    let pos = kAt + delta;
    // Later pieces read again while the state they start in changed.
    for (; k < old.length && state !== old[k].start && state !== UNTERMINATED; k++) {
      const p = readPiece(next, pos, pos + old[k].length, state);
      pieces.push(p);
      pos += p.length;
      state = p.end;
    }
    if (state === UNTERMINATED) return new CodeScan(pieces, UNREAD, this.size);
    for (; k < old.length; k++) pieces.push(old[k]);
    return new CodeScan(pieces, summarize(pieces), this.size);
  }
}

/** [from, to) cut into pieces at line starts, read from `state`. */
function readPieces(text: string, from: number, to: number, state: ScanState, size: number): Piece[] {
  const out: Piece[] = [];
  let at = from;
  while (at < to && state !== UNTERMINATED) {
    const cut = at + size >= to ? -1 : text.indexOf('\n', at + size);
    const end = cut < 0 || cut + 1 >= to ? to : cut + 1;
    const p = readPiece(text, at, end, state);
    out.push(p);
    state = p.end;
    at = end;
  }
  return out;
}

function readPiece(text: string, from: number, to: number, start: ScanState): Piece {
  const all = walk();
  const parens = walk();
  const squares = walk();
  const end = scanCode(text, from, to, start, (c) => {
    if (c === 40 /* ( */) {
      up(all);
      up(parens);
    } else if (c === 41 /* ) */) {
      down(all);
      down(parens);
    } else if (c === 91 /* [ */) {
      up(all);
      up(squares);
    } else if (c === 93 /* ] */) {
      down(all);
      down(squares);
    } else if (c === 123 /* { */) up(all);
    else if (c === 125 /* } */) down(all);
  });
  return { length: to - from, start, end, all, parens, squares };
}

function walk(): Walk {
  return { net: 0, low: 0, high: 0, rise: 0 };
}

function up(w: Walk): void {
  w.net++;
  if (w.net > w.high) w.high = w.net;
  if (w.net - w.low > w.rise) w.rise = w.net - w.low;
}

function down(w: Walk): void {
  w.net--;
  if (w.net < w.low) w.low = w.net;
}

const UNREAD: ScanSummary = { tooDeep: false, unmatched: false, unterminated: true };

function summarize(pieces: readonly Piece[]): ScanSummary {
  let depth = 0;
  let parens = 0;
  let squares = 0;
  let tooDeep = false;
  for (const p of pieces) {
    if (p.end === UNTERMINATED) return UNREAD;
    if (Math.max(depth + p.all.high, p.all.rise) > PARSE_NESTING_LIMIT) tooDeep = true;
    depth = after(depth, p.all);
    parens = after(parens, p.parens);
    squares = after(squares, p.squares);
  }
  return { tooDeep, unmatched: parens > 0 || squares > 0, unterminated: false };
}

function after(count: number, w: Walk): number {
  return Math.max(count + w.net, w.net - w.low);
}
