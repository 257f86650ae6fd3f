// The facts of a file open in the editor, kept per node at file level (a function, a declaration,
// a #define, an #ifdef block): an edit reads again only the nodes whose text or syntax it changed,
// moves the nodes after it by its length, and keeps the rest as they are. The facts objects of the
// nodes kept stay the same objects, so everything derived from them stays valid.
import type { Node, Tree } from 'web-tree-sitter';
import { emptyFacts, type FileFacts, type FunctionFacts, type MacroFacts, type ParseErrorRegion } from './facts';
import { extractFacts, type CachedFunction, type FunctionReuse } from './extract';
import { prefixAt, shiftFunction } from './shiftFacts';
import { moveMacro } from './macros';

/** One node at file level and what it gave the facts. */
interface Piece {
  start: number;
  end: number;
  facts: FileFacts;
  functions: CachedFunction[];
}

/** What an edit changed, in offsets of the new text (see parse/document.ts). */
export interface FactsChange {
  edit: { start: number; oldEnd: number; newEnd: number };
  /** Spans of the new text read again, in order and merged. */
  changed: [number, number][];
}

export class OpenFileFacts {
  /** The nodes at file level in order, or undefined when the file was read whole (text nested too deeply). */
  private pieces: Piece[] | undefined;

  constructor(
    private readonly uri: string,
    private readonly lang: 'c' | 'cpp' = 'c',
    // Graphs are built when the protocol walk asks for one (Analyzer.cfgOf, from the open tree), as for files read from disk.
    private readonly eagerCfg = false,
  ) {}

  /** Reads every node of the tree. */
  read(tree: Tree, text: string, deep: [number, number][]): FileFacts {
    if (deep.length) {
      // Rare: the nesting notes are per file, so the file is read whole.
      this.pieces = undefined;
      return extractFacts(tree, { uri: this.uri, text, eagerCfg: this.eagerCfg, deep, lang: this.lang });
    }
    const pieces: Piece[] = [];
    const cursor = tree.rootNode.walk();
    try {
      if (cursor.gotoFirstChild()) {
        do pieces.push(this.piece(cursor.currentNode, text, undefined));
        while (cursor.gotoNextSibling());
      }
    } finally {
      cursor.delete();
    }
    this.pieces = pieces;
    return assemble(this.uri, this.lang, pieces);
  }

  /** After an edit: reads again the nodes at file level that the change touched, moves those after it. */
  update(tree: Tree, text: string, deep: [number, number][], change: FactsChange): FileFacts {
    const old = this.pieces;
    if (!old || deep.length || change.changed.length === 0) {
      return this.read(tree, text, deep);
    }
    const { edit } = change;
    const delta = edit.newEnd - edit.oldEnd;
    const lo = change.changed[0][0];
    const hi = change.changed[change.changed.length - 1][1];
    // Old pieces wholly before the change stay; those wholly after it move. A piece touching the change
    // is read again (text typed at its very end may belong to it now).
    let first = 0;
    while (first < old.length && old[first].end < lo) first++;
    let last = old.length;
    while (last > first && old[last - 1].start >= edit.oldEnd && old[last - 1].start + delta > hi) last--;
    const replaced = old.slice(first, last);
    const byStart = new Map<number, CachedFunction>();
    for (const p of replaced) for (const c of p.functions) byStart.set(c.start, c);
    const reuse = (kept: CachedFunction[]): FunctionReuse => ({
      find: (n: Node) => {
        if (touches(change.changed, n.startIndex, n.endIndex)) return undefined;
        const start = n.startIndex < edit.start ? n.startIndex : n.startIndex - delta;
        const c = byStart.get(start);
        if (!c || c.end - c.start !== n.endIndex - n.startIndex) return undefined;
        byStart.delete(start);
        return c;
      },
      keep: (c) => kept.push(c),
    });
    // The new tree's nodes between the kept pieces.
    const from = first > 0 ? old[first - 1].end : 0;
    const to = last < old.length ? old[last].start + delta : text.length;
    const fresh: Piece[] = [];
    // Straight to the first node that ends after the last piece kept before the change. A cursor: a node's
    // nextSibling is found from its parent, which costs the parent's child count each time (broken text
    // can leave thousands of nodes at file level).
    const cursor = tree.rootNode.walk();
    try {
      // (The cursor's own gotoFirstChildForIndex finds nothing from the root; its offsets are cheap to step over.)
      let found = cursor.gotoFirstChild();
      while (found && cursor.endIndex <= from) found = cursor.gotoNextSibling();
      if (found) {
        do {
          const n = cursor.currentNode;
          if (n.startIndex >= to) break;
          if (n.endIndex <= from) continue;
          const kept: CachedFunction[] = [];
          fresh.push(this.piece(n, text, reuse(kept), kept));
        } while (cursor.gotoNextSibling());
      }
    } finally {
      cursor.delete();
    }
    const after = old.slice(last);
    for (const p of after) movePiece(p, delta, text);
    const pieces = [...old.slice(0, first), ...fresh, ...after];
    this.pieces = pieces;
    return assemble(this.uri, this.lang, pieces);
  }

  private piece(node: Node, text: string, reuse: FunctionReuse | undefined, kept: CachedFunction[] = []): Piece {
    const facts = extractFacts(node, { uri: this.uri, text, eagerCfg: this.eagerCfg, deep: [], lang: this.lang, reuse: reuse ?? { find: () => undefined, keep: (c) => kept.push(c) } });
    return { start: node.startIndex, end: node.endIndex, facts, functions: kept };
  }
}

/** True when [start, end) meets one of the spans (touching counts: text typed at an edge may join the node). */
function touches(spans: [number, number][], start: number, end: number): boolean {
  for (const [s, e] of spans) if (s <= end && start <= e) return true;
  return false;
}

/** Moves a piece kept after an edit: every offset in its facts, and the text before each of its functions. */
function movePiece(p: Piece, delta: number, text: string): void {
  if (delta !== 0) {
    p.start += delta;
    p.end += delta;
    for (const c of p.functions) {
      c.start += delta;
      c.end += delta;
    }
    for (const fn of p.facts.functions) shiftFunction(fn, delta);
    for (const s of p.facts.skipped) {
      s.loc.start += delta;
      s.loc.end += delta;
    }
    for (const m of p.facts.macros) moveMacro(m, delta);
    for (const r of p.facts.errorRegions) {
      r.start += delta;
      r.end += delta;
    }
  }
  // An edit just before a function changes the text before it (where its annotations are).
  for (const fn of p.facts.functions) fn.prefix = prefixAt(text, fn.span.start);
}

/** The file's facts from its pieces, in order (as one walk over the whole tree gives them). */
function assemble(uri: string, lang: 'c' | 'cpp', pieces: Piece[]): FileFacts {
  const facts = emptyFacts(uri);
  facts.lang = lang;
  const push = <T>(to: T[], from: readonly T[]) => {
    for (const x of from) to.push(x);
  };
  for (const { facts: f } of pieces) {
    push<FunctionFacts>(facts.functions, f.functions);
    push<MacroFacts>(facts.macros, f.macros);
    for (const [k, v] of f.structs) facts.structs.set(k, v);
    for (const [k, v] of f.typedefs) facts.typedefs.set(k, v);
    for (const [k, v] of f.globals) facts.globals.set(k, v);
    push(facts.handlerAliases, f.handlerAliases);
    push(facts.roleDeclarations, f.roleDeclarations);
    push(facts.fieldFunctionAssignments, f.fieldFunctionAssignments);
    for (const [k, v] of f.constants) facts.constants.set(k, v);
    push(facts.skipped, f.skipped);
  }
  facts.errorRegions = mergeRegions(pieces);
  facts.parseErrors = facts.errorRegions.length;
  return facts;
}

/** The pieces' parse-error regions merged where they meet (as one walk over the whole tree merges them). */
function mergeRegions(pieces: Piece[]): ParseErrorRegion[] {
  const out: ParseErrorRegion[] = [];
  for (const { facts } of pieces)
    for (const r of facts.errorRegions) {
      const last = out[out.length - 1];
      if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
      else out.push({ ...r });
    }
  return out;
}
