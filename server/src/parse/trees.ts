// The one owner of tree-sitter trees. Documents open in the editor keep theirs
// (re-parsed incrementally on each change); any other text is parsed, used and
// freed in one call. No other module keeps a tree.
import type { Parser, Tree } from 'web-tree-sitter';
import { blankAnnotations } from './blank';
import { ParsedDocument } from './document';
import { currentParser } from './parser';

/** Parses `text` (annotations blanked) with the loaded parser, hands the tree to `use`, and frees it. */
export function withParsedText<T>(text: string, use: (tree: Tree) => T, parser: Parser | undefined = currentParser()): T | undefined {
  const tree = parser?.parse(blankAnnotations(text));
  if (!tree) return undefined;
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

export class TreeStore {
  private readonly docs = new Map<string, ParsedDocument>();
  private readonly scratch = new Map<string, Tree>();

  constructor(readonly parser: Parser) {}

  /** Opens or updates an editor document; returns false when the text did not change. */
  setOpen(uri: string, text: string): boolean {
    const doc = this.docs.get(uri);
    if (!doc) {
      this.docs.set(uri, new ParsedDocument(this.parser, text));
      return true;
    }
    if (doc.text === text) return false;
    doc.update(text);
    return true;
  }

  close(uri: string): void {
    this.docs.get(uri)?.dispose();
    this.docs.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** The kept tree of an open document. */
  openTree(uri: string): Tree | undefined {
    return this.docs.get(uri)?.tree;
  }

  openText(uri: string): string | undefined {
    return this.docs.get(uri)?.text;
  }

  openUris(): string[] {
    return [...this.docs.keys()];
  }

  /** Parses `text` (annotations blanked), hands the tree to `use`, and frees it. */
  withTree<T>(text: string, use: (tree: Tree) => T): T | undefined {
    return withParsedText(text, use, this.parser);
  }

  /**
   * A tree of a file not open in the editor, kept until releaseScratch(): one analysis reads
   * several functions of a file from one parse.
   */
  scratchTree(uri: string, text: string): Tree | undefined {
    const kept = this.scratch.get(uri);
    if (kept) return kept;
    const tree = this.parser.parse(blankAnnotations(text));
    if (tree) this.scratch.set(uri, tree);
    return tree ?? undefined;
  }

  releaseScratch(): void {
    for (const t of this.scratch.values()) t.delete();
    this.scratch.clear();
  }

  dispose(): void {
    for (const d of this.docs.values()) d.dispose();
    this.docs.clear();
    this.releaseScratch();
  }
}
