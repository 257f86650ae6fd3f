// A long text kept as pieces that are never joined. V8 joins (flattens) a string built by `+` the first
// time anything reads it, and a copy of a file of more than 128 KiB is a large object: a fresh mapping of
// memory that only a full collection frees. The blanked text of an open document changes on every
// keystroke (the window around the edit is blanked again, the rest is the old text): kept as pieces,
// the parser reads it piece by piece and no keystroke copies the whole file.

/**
 * A copy of `s` that holds no other string. A slice of a string keeps the whole string alive: the text
 * typed in is a slice of the editor's whole new text, and each keystroke's would keep one more version
 * of the file alive for as long as its piece stays (and so would every name read from it later).
 */
function ownCopy(s: string): string {
  // V8 slices strings of 13 characters or more; a slice of a joined string holds only the joined copy.
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** Past this many pieces they are joined once (a slice keeps its whole string alive, and lookups get longer). */
const MAX_PIECES = 256;

export class Pieces {
  private constructor(
    /** Flat strings or slices of flat strings (reading them copies nothing). */
    private readonly parts: readonly string[],
    /** Where each part starts. */
    private readonly starts: readonly number[],
    readonly length: number,
  ) {}

  static of(text: string): Pieces {
    return text.length ? new Pieces([text], [0], text.length) : new Pieces([], [], 0);
  }

  /** The parts of [start, end), and `middle`, and the parts of [from, length), as one text. */
  static splice(before: Pieces, end: number, middle: string, after: Pieces, from: number): Pieces {
    const parts: string[] = [];
    before.partsOf(0, end, parts);
    if (middle.length) parts.push(ownCopy(middle));
    after.partsOf(from, after.length, parts);
    if (parts.length > MAX_PIECES) return Pieces.of(parts.join(''));
    const starts: number[] = [];
    let at = 0;
    for (const p of parts) {
      starts.push(at);
      at += p.length;
    }
    return new Pieces(parts, starts, at);
  }

  /** The text of [start, end), joined (meant for short spans). */
  slice(start: number, end: number = this.length): string {
    const parts: string[] = [];
    this.partsOf(Math.max(0, start), Math.min(this.length, end), parts);
    return parts.join('');
  }

  /** The text from `index` to the end of the piece holding it, at most `max` characters (what the parser reads next); '' at the end. */
  from(index: number, max = Infinity): string {
    if (index >= this.length || index < 0) return '';
    const k = this.partAt(index);
    const p = this.parts[k];
    const a = index - this.starts[k];
    if (max === Infinity) return p.slice(a);
    // Never between the two halves of a surrogate pair: the parser would read the first half alone.
    const b = a + max;
    return p.slice(a, b < p.length && isHighSurrogate(p.charCodeAt(b - 1)) ? b + 1 : b);
  }

  /** The whole text (joined: for tests and rare paths). */
  toString(): string {
    return this.parts.length === 1 ? this.parts[0] : this.parts.join('');
  }

  private partsOf(start: number, end: number, out: string[]): void {
    if (start >= end) return;
    for (let k = this.partAt(start); k < this.parts.length && this.starts[k] < end; k++) {
      const s = this.starts[k];
      const p = this.parts[k];
      const a = Math.max(0, start - s);
      const b = Math.min(p.length, end - s);
      if (b > a) out.push(a === 0 && b === p.length ? p : p.slice(a, b));
    }
  }

  /** Index of the part holding `index` (0 <= index < length). */
  private partAt(index: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
