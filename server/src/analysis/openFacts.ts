// The facts of a file open in the editor, kept per node at file level (a function, a declaration, a
// #define; inside an #if / #ifdef block there, per node of the block): an edit reads again only the
// nodes whose text or syntax it changed, moves the nodes after it by its length, and keeps the rest as
// they are. The facts objects of the nodes kept stay the same objects, so everything derived from them
// stays valid.
import type { Node, Tree } from 'web-tree-sitter';
import { emptyFacts, type FileFacts, type FunctionFacts, type MacroFacts, type ParseErrorRegion } from './facts';
import { extractFacts, type CachedFunction, type FunctionReuse } from './extract';
import { acrossBlanks, MAX_MOVES_WITHIN, moveAcrossBlanks, movedWithin, movesWithinCount, PREFIX_CHARS, prefixAt, shiftFunction } from './shiftFacts';
import { moveMacro } from './macros';
import { offsetsOnly } from './movedFacts';
import { forgetOffsets } from './objectState';
import { buildCfg, functionBodyAt, isNeverCompiled, type Cfg } from './cfg';
import { movedGraph } from './cfgReuse';
import { registrationsOf, rereadStatement } from './statementReread';
import { sameList } from './sameList';
import type { PlainStatement } from '../parse/plainStatement';
import { budgetFor, withBudget } from './budget';

/** One node at file level, or in an #if block there, and what it gave the facts. */
interface Piece {
  start: number;
  end: number;
  facts: FileFacts;
  functions: CachedFunction[];
  /** A part of a block's directive lines (`#if` and its condition, `#else`, `#endif`). */
  guard?: boolean;
}

/** What an edit changed, in offsets of the new text (see parse/document.ts). */
export interface FactsChange {
  edit: { start: number; oldEnd: number; newEnd: number };
  /** Spans of the new text read again, in order and merged. */
  changed: [number, number][];
  /** The edit replaced blanks with blanks. */
  blanksOnly?: boolean;
  /** The syntax changed somewhere (tree-sitter's changed ranges). */
  structural?: boolean;
  /** The plain statement the edit was typed in, as the tree before it had it (parse/plainStatement.ts). */
  statementBefore?: PlainStatement;
}

/** Nodes whose text no fact holds, between whose parts blanks can come and go (see acrossBlanks). */
const GAPS = new Set(['translation_unit', 'compound_statement', 'case_statement', 'declaration_list', 'field_declaration_list', 'preproc_ifdef', 'preproc_if', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

export class OpenFileFacts {
  /** The nodes at file level in order, or undefined when the file was read whole (text nested too deeply). */
  private pieces: Piece[] | undefined;
  /** The facts last returned (an edit that moved offsets only returns them again). */
  private facts: FileFacts | undefined;

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
      this.facts = undefined;
      return extractFacts(tree, { uri: this.uri, text, eagerCfg: this.eagerCfg, deep, lang: this.lang });
    }
    const pieces: Piece[] = [];
    eachPieceNode(tree, -1, Infinity, (n, guard) => pieces.push(this.piece(n, text, undefined, [], guard)));
    this.pieces = pieces;
    return (this.facts = assemble(this.uri, this.lang, pieces));
  }

  /** After an edit: reads again the nodes at file level that the change touched, moves those after it. */
  update(tree: Tree, text: string, deep: [number, number][], change: FactsChange): FileFacts {
    const old = this.pieces;
    if (!old || deep.length || change.changed.length === 0) {
      return this.read(tree, text, deep);
    }
    const { edit } = change;
    if (!change.structural && this.facts && this.acrossBlanks(tree, text, edit, !!change.blanksOnly)) return this.facts;
    const delta = edit.newEnd - edit.oldEnd;
    let lo = change.changed[0][0];
    let hi = change.changed[change.changed.length - 1][1];
    // Old pieces wholly before the change stay; those wholly after it move. A piece touching the change
    // is read again (text typed at its very end may belong to it now).
    let first = 0;
    let last = old.length;
    const around = () => {
      first = 0;
      while (first < old.length && old[first].end < lo) first++;
      last = old.length;
      while (last > first && old[last - 1].start >= edit.oldEnd && old[last - 1].start + delta > hi) last--;
    };
    around();
    if (old.slice(first, last).some((p) => p.guard)) {
      // A directive line of an #if block changed (its condition may now be `0`): the whole block at
      // file level is read again.
      [lo, hi] = fileLevelSpan(tree, lo, hi);
      around();
    }
    const replaced = old.slice(first, last);
    if (replaced.length === 1 && change.statementBefore && !this.eagerCfg) {
      // A letter typed in one plain statement of a function: that statement alone is read again.
      const piece = this.statementOnly(tree, text, replaced[0], change);
      if (piece) {
        const after = old.slice(last);
        for (const p of after) movePiece(p, delta, text, edit.newEnd);
        const pieces = [...old.slice(0, first), piece, ...after];
        this.pieces = pieces;
        return (this.facts = assemble(this.uri, this.lang, pieces));
      }
    }
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
    // (With no piece kept before or after, the ends of the file: a token the parser made up there is empty.)
    const from = first > 0 ? old[first - 1].end : -1;
    const to = last < old.length ? old[last].start + delta : Infinity;
    const fresh: Piece[] = [];
    eachPieceNode(tree, from, to, (n, guard) => {
      const kept: CachedFunction[] = [];
      fresh.push(this.piece(n, text, reuse(kept), kept, guard));
    });
    const after = old.slice(last);
    const annotations = annotationsSame(after, edit, text);
    for (const p of after) movePiece(p, delta, text, edit.newEnd);
    if (annotations && this.facts && this.movedOnly(tree, replaced, fresh, edit, change.changed)) {
      // The same facts at new offsets: the same objects, so nothing the workspace derived from them changes.
      mergeRegionsInto(this.facts, old);
      return this.facts;
    }
    // A function read again after a letter typed in one of its plain statements keeps its graph, moved.
    if (replaced.length === fresh.length) {
      replaced.forEach((o, i) => {
        const now = fresh[i].facts.functions;
        if (o.facts.functions.length !== now.length) return;
        o.facts.functions.forEach((fn, k) => {
          const cfg = now[k] !== fn ? movedGraph(fn, now[k], tree, edit, change.changed) : undefined;
          if (cfg) now[k].cfg = cfg;
        });
      });
    }
    const pieces = [...old.slice(0, first), ...fresh, ...after];
    this.pieces = pieces;
    return (this.facts = assemble(this.uri, this.lang, pieces));
  }

  /**
   * Blanks typed or deleted between two statements (or declarations), or text typed inside a comment
   * that stands between them, with the syntax unchanged: no fact's text holds them, so nothing is read
   * again. The offsets after the edit move, those before stay, and the old facts are returned (no
   * lookup of the workspace answers differently). False, with nothing changed, when the edit is inside
   * something whose text a fact keeps, or when it changes what the text before a function says (its
   * annotations).
   */
  private acrossBlanks(tree: Tree, text: string, edit: FactsChange['edit'], blanksOnly: boolean): boolean {
    const pieces = this.pieces;
    const facts = this.facts;
    if (!pieces || !facts) return false;
    const { start, oldEnd, newEnd } = edit;
    const delta = newEnd - oldEnd;
    let n: Node | null = tree.rootNode.descendantForIndex(start, Math.max(start, newEnd));
    const inComment = !!n && n.type === 'comment' && n.startIndex < start && n.endIndex >= newEnd && GAPS.has(n.parent?.type ?? '');
    if (!inComment) {
      if (!blanksOnly) return false;
      // The smallest node around the blanks with something on each side: the blanks lie between its parts.
      while (n && !(n.startIndex < start && n.endIndex > newEnd)) n = n.parent;
      if (n && !GAPS.has(n.type)) return false;
    }
    const inside = pieces.filter((p) => p.start < oldEnd && p.end > start);
    if (inside.length > 1 || inside.some((p) => p.facts.macros.length)) return false;
    const after = pieces.filter((p) => p.start >= oldEnd);
    if (!annotationsSame([...inside, ...after], edit, text)) return false;
    const { from, to } = acrossBlanks(start, oldEnd, delta);
    for (const p of inside) {
      for (const fn of p.facts.functions) {
        if (fn.span.start < oldEnd && fn.span.end > start) forgetOffsets(fn);
        moveAcrossBlanks(fn, start, oldEnd, delta);
        if (!fn.lambda && fn.span.start >= newEnd && fn.span.start < newEnd + PREFIX_CHARS) fn.prefix = prefixAt(text, fn.span.start);
      }
      for (const sk of p.facts.skipped) {
        sk.loc.start = from(sk.loc.start);
        sk.loc.end = to(sk.loc.end);
      }
      for (const r of p.facts.errorRegions) {
        r.start = from(r.start);
        r.end = to(r.end);
      }
      for (const c of p.functions) {
        c.start = from(c.start);
        c.end = to(c.end);
      }
      p.start = from(p.start);
      p.end = to(p.end);
    }
    for (const p of after) movePiece(p, delta, text, newEnd);
    mergeRegionsInto(facts, pieces);
    return true;
  }

  /**
   * When the nodes read again say what they said before but for offsets (blanks or a comment typed
   * inside a function), moves the old pieces onto the new offsets and returns true; the old pieces stay.
   */
  private movedOnly(tree: Tree, replaced: Piece[], fresh: Piece[], edit: FactsChange['edit'], changed: [number, number][]): boolean {
    if (replaced.length !== fresh.length) return false;
    const steps: (() => void)[] = [];
    const within: FunctionFacts[] = [];
    for (let i = 0; i < replaced.length; i++) {
      const o = replaced[i];
      const n = fresh[i];
      if (o.functions.length !== n.functions.length || o.facts.macros.length !== n.facts.macros.length) return false;
      const moves = offsetsOnly({ ...o.facts, macros: [] }, { ...n.facts, macros: [] });
      if (!moves) return false;
      // A #define the edit did not touch moved whole (or not at all): moved as an edit above it moves it,
      // with its parsed body (macros.ts).
      for (let k = 0; k < o.facts.macros.length; k++) {
        const om = o.facts.macros[k];
        const nm = n.facts.macros[k];
        const by = nm.bodyStart - om.bodyStart;
        if (nm.nameLoc.start - om.nameLoc.start !== by || !offsetsOnly(om, nm)) return false;
        moves.push(() => moveMacro(om, by));
      }
      for (const [k, fn] of o.facts.functions.entries()) {
        const now = n.facts.functions[k];
        if (now === fn) continue; // kept whole, already moved
        if (movesWithinCount(fn) >= MAX_MOVES_WITHIN) return false;
        within.push(fn);
        // Results kept by offset hold texts of its control-flow graph (a branch's condition): a graph made
        // before must come out the same but for offsets (`if ( x)` is another condition text than `if (x)`).
        if (fn.cfg) {
          // (A blank typed inside a plain statement: the old graph, moved, instead of one built from the tree.)
          const cfg = movedGraph(fn, now, tree, edit, changed) ?? graphOf(tree, now);
          if (!cfg || !offsetsOnly(fn.cfg, cfg)) {
            // (`break` typed into `breakx`: the function is read as new, and its graph is this one.)
            if (cfg) now.cfg = cfg;
            return false;
          }
          steps.push(() => (fn.cfg = cfg));
        }
      }
      steps.push(...moves, () => {
        o.start = n.start;
        o.end = n.end;
        o.functions.forEach((c, k) => {
          c.start = n.functions[k].start;
          c.end = n.functions[k].end;
        });
      });
    }
    const delta = edit.newEnd - edit.oldEnd;
    // Offsets inside a function moved by the edit, those before it did not: what is kept by offset
    // within the function is forgotten, and its control-flow graph is made again when asked for.
    for (const fn of within) {
      if (edit.oldEnd > fn.span.start) movedWithin(fn, edit.start, edit.oldEnd, delta);
      forgetOffsets(fn);
      fn.cfg = undefined;
      fn.cfgSkipped = undefined;
      fn.noBody = undefined;
    }
    // (After the above: a graph that came out the same is set again, a new object, at the new offsets.)
    for (const step of steps) step();
    return true;
  }

  /** The piece of one function with the statement the edit is in read again (statementReread.ts), or undefined. */
  private statementOnly(tree: Tree, text: string, piece: Piece, change: FactsChange): Piece | undefined {
    const f = piece.facts;
    const [cached] = piece.functions;
    if (piece.functions.length !== 1 || cached.fns.length !== 1 || cached.skips.length || f.functions.length !== 1 || cached.fns[0] !== f.functions[0]) return undefined;
    // Whatever else the piece gave comes from the text around the function: none, or the whole piece is read.
    // (Its field assignments are those of the function's writes, which the statement's replace.)
    if (f.macros.length || f.handlerAliases.length || f.roleDeclarations.length || f.errorRegions.length || f.skipped.length) return undefined;
    if (!sameList(f.fieldFunctionAssignments, registrationsOf(f.functions[0])) || !sameList(cached.fieldFunctionAssignments, f.fieldFunctionAssignments)) return undefined;
    const fn = rereadStatement(f.functions[0], tree, change.edit, change.changed, change.statementBefore, { uri: this.uri, text, deep: [], lang: this.lang });
    if (!fn) return undefined;
    const delta = change.edit.newEnd - change.edit.oldEnd;
    const registrations = registrationsOf(fn);
    return {
      start: piece.start,
      end: piece.end + delta,
      facts: { ...f, functions: [fn], fieldFunctionAssignments: registrations },
      functions: [{ ...cached, end: cached.end + delta, fns: [fn], fieldFunctionAssignments: registrations }],
      ...(piece.guard ? { guard: piece.guard } : {}),
    };
  }

  private piece(node: Node, text: string, reuse: FunctionReuse | undefined, kept: CachedFunction[], guard: boolean): Piece {
    const facts = extractFacts(node, { uri: this.uri, text, eagerCfg: this.eagerCfg, deep: [], lang: this.lang, reuse: reuse ?? { find: () => undefined, keep: (c) => kept.push(c) } });
    return { start: node.startIndex, end: node.endIndex, facts, functions: kept, ...(guard ? { guard } : {}) };
  }
}

/**
 * Blocks whose lines are read as pieces of their own (a guard around a whole file would make every edit
 * read the file's every declaration again): #ifdef / #ifndef and #else / #elif arms, and #if unless it
 * is `#if 0` (whose text is not code: read whole, extract.ts). Which of a block's lines are code depends
 * on its directive lines only: a change there reads the block again whole (update()).
 */
function opensBlock(n: Node): boolean {
  switch (n.type) {
    case 'preproc_ifdef':
    case 'preproc_else':
    case 'preproc_elif':
    case 'preproc_elifdef':
      return true;
    case 'preproc_if':
      return !isNeverCompiled(n);
    default:
      return false;
  }
}

/**
 * Visits in order the nodes read as pieces that end after `from` and start before `to`: the nodes at
 * file level, and inside the blocks there (opensBlock) the block's own nodes. `guard`: a part of the
 * block's directive lines (a token, or the condition or name). One cursor: a node's nextSibling is found
 * from its parent, which costs the parent's child count each time (broken text can leave thousands of
 * nodes at file level).
 */
function eachPieceNode(tree: Tree, from: number, to: number, visit: (n: Node, guard: boolean) => void): void {
  const cursor = tree.rootNode.walk();
  try {
    if (!cursor.gotoFirstChild()) return;
    let depth = 0;
    for (;;) {
      if (cursor.startIndex >= to) return;
      let inside = false;
      if (cursor.endIndex > from) {
        const n = cursor.currentNode;
        if (opensBlock(n) && cursor.gotoFirstChild()) {
          depth++;
          inside = true;
        } else {
          const field = depth > 0 ? cursor.currentFieldName : null;
          visit(n, depth > 0 && (!cursor.nodeIsNamed || field === 'condition' || field === 'name'));
        }
      }
      if (inside) continue;
      while (!cursor.gotoNextSibling()) {
        if (depth === 0 || !cursor.gotoParent()) return;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** [lo, hi] widened to the nodes at file level that it meets. */
function fileLevelSpan(tree: Tree, lo: number, hi: number): [number, number] {
  const cursor = tree.rootNode.walk();
  let a = lo;
  let b = hi;
  try {
    if (!cursor.gotoFirstChild()) return [a, b];
    do {
      if (cursor.startIndex > hi) break;
      if (cursor.endIndex < lo) continue;
      a = Math.min(a, cursor.startIndex);
      b = Math.max(b, cursor.endIndex);
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
  return [a, b];
}

/**
 * The control-flow graph of `fn` (its facts read from `tree`), built as Analyzer.cfgOf builds it; undefined
 * without a body or over its budget. A new object: what is kept per graph (macroFlow.ts) holds copied offsets.
 */
function graphOf(tree: Tree, fn: FunctionFacts): Cfg | undefined {
  const body = functionBodyAt(tree.rootNode, fn.span.start);
  if (!body) return undefined;
  try {
    return withBudget(budgetFor(fn.span.end - fn.span.start), () => buildCfg(body));
  } catch {
    return undefined; // over its budget: read as a new function (whose graph Analyzer.cfgOf notes as left out)
  }
}

/** True when [start, end) meets one of the spans (touching counts: text typed at an edge may join the node). */
function touches(spans: [number, number][], start: number, end: number): boolean {
  for (const [s, e] of spans) if (s <= end && start <= e) return true;
  return false;
}

/**
 * Moves a piece kept after an edit (that ended at `editEnd` in the new text): every offset in its facts,
 * and the text before each of its functions where that text holds the edit.
 */
function movePiece(p: Piece, delta: number, text: string, editEnd: number): void {
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
  // An edit just before a function changes the text before it (where its annotations are); further
  // away, that text is what it was.
  for (const fn of p.facts.functions) if (fn.span.start < editEnd + PREFIX_CHARS) fn.prefix = prefixAt(text, fn.span.start);
}

/**
 * Whether the functions of `pieces` (in order) that start after the edit still have the annotations
 * before them they had: those whose text before them (prefixAt) holds the edit are compared
 * (sameOwnPrefix). Read before the pieces are moved.
 */
function annotationsSame(pieces: readonly Piece[], edit: FactsChange['edit'], text: string): boolean {
  const delta = edit.newEnd - edit.oldEnd;
  for (const p of pieces) {
    if (p.start >= edit.oldEnd + PREFIX_CHARS) break;
    for (const fn of p.facts.functions) {
      if (fn.lambda || fn.prefix === undefined || fn.span.start < edit.oldEnd || fn.span.start >= edit.oldEnd + PREFIX_CHARS) continue;
      if (!sameOwnPrefix(fn.prefix, prefixAt(text, fn.span.start + delta))) return false;
    }
  }
  return true;
}

/**
 * The part of the text before a definition that its annotations are read from (after the last `;` or
 * `}`: paths/irql.ts, paths/roles.ts) is the same in both; undefined cuts (no `;` or `}` within the
 * window kept) compare whole.
 */
function sameOwnPrefix(a: string, b: string): boolean {
  if (a === b) return true;
  const cut = (t: string) => Math.max(t.lastIndexOf(';'), t.lastIndexOf('}'));
  const i = cut(a);
  const j = cut(b);
  return i >= 0 && j >= 0 && a.slice(i) === b.slice(j);
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
  mergeRegionsInto(facts, pieces);
  return facts;
}

/** The file's parse-error regions from its pieces' (the pieces moved, or new). */
function mergeRegionsInto(facts: FileFacts, pieces: readonly Piece[]): void {
  facts.errorRegions = mergeRegions(pieces);
  facts.parseErrors = facts.errorRegions.length;
}

/** The pieces' parse-error regions merged where they meet (as one walk over the whole tree merges them). */
function mergeRegions(pieces: readonly Piece[]): ParseErrorRegion[] {
  const out: ParseErrorRegion[] = [];
  for (const { facts } of pieces)
    for (const r of facts.errorRegions) {
      const last = out[out.length - 1];
      if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
      else out.push({ ...r });
    }
  return out;
}
