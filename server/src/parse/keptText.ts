// The text of a file read from disk, kept once. Its facts hold the names and expressions they were read
// from as slices of the blanked text the parser was given (a node's text), and a slice keeps its whole
// string alive: keeping the editor's text as well held every file with an annotation twice (18 MB of
// 150 MB live at 569k lines). So the blanked text is kept, with the runs blanking replaced, and the
// original is made again when asked for (rarely: a quick fix, a graph built late, a language change).

/** The original text given back from its blanked twin (same length) and the runs that differ. */
export class BlankedText {
  private constructor(
    private readonly blanked: string,
    /** Start and length of each run that differs, in order. */
    private readonly runs: Int32Array,
    /** The original characters of those runs, one after the other. */
    private readonly originals: string,
  ) {}

  /** `original` kept through `blanked` (its blanking, the same length): the string itself when they are equal. */
  static keep(original: string, blanked: string): string | BlankedText {
    if (original === blanked || original.length !== blanked.length) return original;
    const runs: number[] = [];
    const parts: string[] = [];
    const n = original.length;
    for (let i = 0; i < n; i++) {
      if (original.charCodeAt(i) === blanked.charCodeAt(i)) continue;
      const start = i;
      while (i < n && original.charCodeAt(i) !== blanked.charCodeAt(i)) i++;
      runs.push(start, i - start);
      parts.push(original.slice(start, i));
    }
    // (Joined: one string instead of one slice per run.)
    return new BlankedText(blanked, Int32Array.from(runs), parts.join(''));
  }

  /** The blanked text it is kept through (what the parser was given). */
  get blankedText(): string {
    return this.blanked;
  }

  /** The original text. */
  toString(): string {
    const parts: string[] = [];
    let at = 0;
    let from = 0;
    for (let k = 0; k < this.runs.length; k += 2) {
      const start = this.runs[k];
      const length = this.runs[k + 1];
      parts.push(this.blanked.slice(at, start), this.originals.slice(from, from + length));
      at = start + length;
      from += length;
    }
    parts.push(this.blanked.slice(at));
    return parts.join('');
  }
}

/** A text kept as it came or through its blanked twin. */
export type KeptText = string | BlankedText;

export function textOf(kept: KeptText): string {
  return typeof kept === 'string' ? kept : kept.toString();
}
