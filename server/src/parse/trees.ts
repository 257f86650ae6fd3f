// The one owner of tree-sitter trees. Documents open in the editor keep theirs
// (re-parsed incrementally on each change); any other text is parsed, used and
// freed in one call. No other module keeps a tree.
import type { Parser, Tree } from 'web-tree-sitter';
import { blank, blankAnnotations, type Edit } from './blank';
import { ParsedDocument } from './document';
import { currentParser, parseText, ParseGaveUp, type Parsers } from './parser';
import type { Lang } from './language';
import type { KeptText } from './keptText';

/**
 * Parses `text` (annotations blanked) with the loaded parser, hands the tree to `use`, and frees it.
 * Undefined when there is no parser or tree-sitter gave up on the text (see ParseGaveUp).
 */
export function withParsedText<T>(text: string, use: (tree: Tree) => T, parser: Parser | undefined = currentParser()): T | undefined {
  const tree = parser && parseOrGiveUp(parser, blankAnnotations(text));
  if (!tree) return undefined;
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

/** A tree, or undefined when tree-sitter gave up on the text. */
function parseOrGiveUp(parser: Parser, blanked: string): Tree | undefined {
  try {
    return parseText(parser, blanked);
  } catch (e) {
    if (e instanceof ParseGaveUp) return undefined;
    throw e;
  }
}

/** A file's text blanked once and parsed: its tree, the spans blanked as nested too deeply, and the blanked text (node texts are slices of it). Throws ParseGaveUp. */
function parseFile(parser: Parser, text: string): { tree: Tree; deep: [number, number][]; blanked: string } {
  const b = blank(text);
  const blanked = b.text.toString();
  return { tree: parseText(parser, blanked), deep: b.deep, blanked };
}

/**
 * Parses a file read from disk away from any store (a worker thread), hands the tree and the spans
 * blanked as nested too deeply to `use`, and frees the tree. Throws ParseGaveUp when tree-sitter gives up.
 */
export function withFileTree<T>(parser: Parser, text: string, use: (tree: Tree, deep: [number, number][]) => T): T {
  const { tree, deep } = parseFile(parser, text);
  try {
    return use(tree, deep);
  } finally {
    tree.delete();
  }
}

/** Trees of files read from disk kept for the analysis that follows (readTree). */
const READ_KEPT = 2;

export class TreeStore {
  private readonly docs = new Map<string, { doc: ParsedDocument; lang: Lang }>();
  private readonly scratch = new Map<string, Tree>();
  /** Trees of the files read last (readTree), in the order read: the analysis that follows need not parse them again. */
  private readonly lastRead = new Map<string, Tree>();

  constructor(readonly parsers: Parsers) {}

  /** Opens or updates an editor document in its language (`edit`: what turned its text into `text`, when known); returns false when neither text nor language changed. */
  setOpen(uri: string, text: string, lang: Lang = 'c', edit?: Edit): boolean {
    const open = this.docs.get(uri);
    if (!open || open.lang !== lang) {
      this.close(uri);
      // Throws ParseGaveUp when tree-sitter gives up: the document is then not open here (the next change parses it afresh).
      this.docs.set(uri, { doc: new ParsedDocument(this.parsers[lang], text), lang });
      return true;
    }
    const doc = open.doc;
    if (doc.text === text) return false;
    try {
      doc.update(text, edit);
    } catch (e) {
      // Half updated: dropped, so the next change starts from a fresh parse.
      this.close(uri);
      throw e;
    }
    return true;
  }

  close(uri: string): void {
    this.docs.get(uri)?.doc.dispose();
    this.docs.delete(uri);
    this.lastRead.get(uri)?.delete();
    this.lastRead.delete(uri);
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

  /**
   * Parses a file read from disk (annotations blanked) and hands the tree to `use`; the tree is then kept (the latest READ_KEPT files' trees)
   * until releaseScratch(), so that an analysis right after the read builds the file's graphs from it
   * instead of parsing the file again. `use` is also given the spans blanked as nested too deeply and
   * the blanked text the tree was parsed from. Throws ParseGaveUp when tree-sitter gives up.
   */
  readTree<T>(uri: string, text: string, use: (tree: Tree, deep: [number, number][], blanked: string) => T, lang: Lang = 'c'): T {
    this.close(uri);
    const { tree, deep, blanked } = parseFile(this.parsers[lang], text);
    let kept = false;
    try {
      const result = use(tree, deep, blanked);
      this.lastRead.set(uri, tree);
      kept = true;
      for (const [u, t] of this.lastRead) {
        if (this.lastRead.size <= READ_KEPT) break;
        t.delete();
        this.lastRead.delete(u);
      }
      return result;
    } finally {
      if (!kept) tree.delete();
    }
  }

  /**
   * A tree of a file not open in the editor, kept until releaseScratch(): one analysis reads
   * several functions of a file from one parse (the tree of its read when it was read last).
   */
  scratchTree(uri: string, text: () => KeptText | undefined, lang: Lang = 'c'): Tree | undefined {
    const kept = this.scratch.get(uri) ?? this.lastRead.get(uri);
    if (kept) return kept;
    // (Asked for only when the file is parsed. A file read from disk keeps the blanked text it was parsed
    // from, keptText.ts: parsed again as it is, neither made again nor blanked again.)
    const t = text();
    if (t === undefined) return undefined;
    const tree = parseOrGiveUp(this.parsers[lang], typeof t === 'string' ? blankAnnotations(t) : t.blankedText);
    if (tree) this.scratch.set(uri, tree);
    return tree;
  }

  releaseScratch(): void {
    for (const t of this.scratch.values()) t.delete();
    this.scratch.clear();
    for (const t of this.lastRead.values()) t.delete();
    this.lastRead.clear();
  }

  dispose(): void {
    for (const d of this.docs.values()) d.doc.dispose();
    this.docs.clear();
    this.releaseScratch();
  }
}
