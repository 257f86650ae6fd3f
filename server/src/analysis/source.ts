// A text with offset <-> line/character conversion (UTF-16 units, as LSP uses).
// Lines end at LF, CRLF or a lone CR (old Mac files), as LSP and VS Code count them.
import { LineStarts, lineStarts } from '../parse/lines';

export { lineStarts };

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A span of a file, in offsets of the user's (unblanked) text. */
export interface Loc { uri: string; start: number; end: number }

/** The lines of a text without their line endings (any of LF, CRLF, CR). */
export function splitLines(text: string): string[] {
  const starts = lineStarts(text);
  return starts.map((s, i) => {
    let e = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
    if (i + 1 < starts.length && text.charCodeAt(e) === 10 && text.charCodeAt(e - 1) === 13) e--;
    return text.slice(s, e);
  });
}

/** Offset of the start of the line that holds `offset`. */
export function lineStartAt(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) return i + 1;
  }
  return 0;
}

/** The line ending of the line that holds `offset` (LF when it has none: the last line). */
export function lineEndingAt(text: string, offset: number): string {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return '\n';
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
}

/**
 * Offsets to lines and back; an open document shares the line starts its parse keeps up to date. Given
 * a function for the text, the starts are counted when first asked for: most files read from disk never
 * are (they have no finding), and their starts were 5 MB of the heap at 569k lines.
 */
export class LineMap {
  private made: LineStarts | undefined;
  constructor(private text: string | LineStarts | (() => string)) {}
  private get starts(): LineStarts {
    if (this.made) return this.made;
    const t = this.text;
    this.made = typeof t === 'string' ? LineStarts.of(t) : typeof t === 'function' ? LineStarts.of(t()) : t;
    this.text = this.made;
    return this.made;
  }
  position(offset: number): Position {
    return this.starts.position(offset);
  }
  offset(p: Position): number {
    return this.starts.offset(p);
  }
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
