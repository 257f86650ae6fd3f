// A parsed C file kept in step with the editor: each change re-parses
// incrementally from the previous tree, and dropped trees are freed.
import type { Parser, Tree } from 'web-tree-sitter';
import { blankAnnotations } from './blank';
import { parseText } from './parser';

function point(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    last = i;
  }
  return { row, column: offset - last - 1 };
}

export class ParsedDocument {
  private blanked: string;
  private current: Tree;

  constructor(
    private readonly parser: Parser,
    public text: string,
  ) {
    this.blanked = blankAnnotations(text);
    this.current = parseText(parser, this.blanked);
  }

  get tree(): Tree {
    return this.current;
  }

  /** Moves to a new text; the edit is the span where the blanked texts differ. */
  update(text: string): void {
    const next = blankAnnotations(text);
    const old = this.blanked;
    let start = 0;
    const min = Math.min(old.length, next.length);
    while (start < min && old.charCodeAt(start) === next.charCodeAt(start)) start++;
    let oldEnd = old.length;
    let newEnd = next.length;
    while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === next.charCodeAt(newEnd - 1)) {
      oldEnd--;
      newEnd--;
    }
    this.text = text;
    if (start === oldEnd && start === newEnd) return;
    const edited = this.current;
    edited.edit({
      startIndex: start,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition: point(old, start),
      oldEndPosition: point(old, oldEnd),
      newEndPosition: point(next, newEnd),
    });
    this.blanked = next;
    this.current = parseText(this.parser, next, edited);
    edited.delete();
  }

  dispose(): void {
    this.current.delete();
  }
}
