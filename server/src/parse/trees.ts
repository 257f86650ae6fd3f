// The one owner of tree-sitter trees. Documents open in the editor keep theirs
// (re-parsed incrementally on each change); any other text is parsed, used and
// freed in one call. No other module keeps a tree.
import type { Parser, Tree } from 'web-tree-sitter';
import { blankAnnotations } from './blank';
import { ParsedDocument } from './document';
import { currentParser, type Parsers } from './parser';
import type { Lang } from './language';

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
  private readonly docs = new Map<string, { doc: ParsedDocument; lang: Lang }>();
  private readonly scratch = new Map<string, Tree>();

  constructor(readonly parsers: Parsers) {}

  /** Opens or updates an editor document in its language; returns false when neither text nor language changed. */
  setOpen(uri: string, text: string, lang: Lang = 'c'): boolean {
    const open = this.docs.get(uri);
    if (!open || open.lang !== lang) {
      open?.doc.dispose();
      this.docs.set(uri, { doc: new ParsedDocument(this.parsers[lang], text), lang });
      return true;
    }
    const doc = open.doc;
    if (doc.text === text) return false;
    doc.update(text);
    return true;
  }

  close(uri: string): void {
    this.docs.get(uri)?.doc.dispose();
    this.docs.delete(uri);
  }

  isOpen(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** An open document: its tree, text, line starts and what its last update changed. */
  document(uri: string): ParsedDocument | undefined {
    return this.docs.get(uri)?.doc;
  }

  /** The kept tree of an open document. */
  openTree(uri: string): Tree | undefined {
    return this.docs.get(uri)?.doc.tree;
  }

  openText(uri: string): string | undefined {
    return this.docs.get(uri)?.doc.text;
  }

  openUris(): string[] {
    return [...this.docs.keys()];
  }

  /** Parses `text` (annotations blanked), hands the tree to `use`, and frees it. */
  withTree<T>(text: string, use: (tree: Tree) => T, lang: Lang = 'c'): T | undefined {
    return withParsedText(text, use, this.parsers[lang]);
  }

  /**
   * A tree of a file not open in the editor, kept until releaseScratch(): one analysis reads
   * several functions of a file from one parse.
   */
  scratchTree(uri: string, text: string, lang: Lang = 'c'): Tree | undefined {
    const kept = this.scratch.get(uri);
    if (kept) return kept;
    const tree = this.parsers[lang].parse(blankAnnotations(text));
    if (tree) this.scratch.set(uri, tree);
    return tree ?? undefined;
  }

  releaseScratch(): void {
    for (const t of this.scratch.values()) t.delete();
    this.scratch.clear();
  }

  dispose(): void {
    for (const d of this.docs.values()) d.doc.dispose();
    this.docs.clear();
    this.releaseScratch();
  }
}
