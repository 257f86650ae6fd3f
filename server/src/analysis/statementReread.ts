// A letter typed in one plain statement of a function (`Send(a, bx);`) changes that statement's facts
// only, yet reading the function again costs its whole size through the wasm boundary (about 7 ms for a
// 1,400-line function, on every letter typed in it). Instead the statement is read again at its place
// (its branch regions and nesting depth worked out from its ancestors, as the walk of the body gives
// them) and the function's other facts are copied with their offsets moved by the edit.
//
// The result is a new FunctionFacts made of new objects, as a read gives: what is kept per function,
// per call or per location (sites, values, graphs, expansions through a call) is keyed by identity and
// must never see the old function's objects in the new one. Only when the trees before and after the
// edit hold the same plain statement around it (parse/plainStatement.ts) and the syntax changed nowhere
// else; and only within the function's work budget: the steps of its last read plus those of the
// statement read now, so a read of the whole function would not have run out either.
import type { Node, Tree } from 'web-tree-sitter';
import type { Arg, CallSite, FunctionFacts, Region, Write } from './facts';
import type { Loc } from './source';
import { readSteps, type ExtractOptions } from './extract';
import { readStatement, registrationOf, type StatementFacts } from './bodyFacts';
import { budgetFor, OverBudget, withBudgetCounted } from './budget';
import { functionBodyAt, isNeverCompiled } from './cfg';
import { movedGraph } from './cfgReuse';
import { acrossBlanks } from './shiftFacts';
import { offsetsOnly } from './movedFacts';
import { plainStatementAround, type PlainStatement } from '../parse/plainStatement';

/** What a function's object gets after it is read (a graph, notes) or held before (its returns, made again here). */
const DERIVED = new Set<string>(['cfg', 'cfgSkipped', 'noBody', 'returns']);

interface Edit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * `fn` (read before the edit) with the statement the edit is in read again from `tree` (after it), or
 * undefined when the function must be read whole: the statement is not plain before or after, the
 * syntax changed outside it, its place is not one the body walk reaches plainly, the budget would run
 * out, or its facts read the same but for offsets in a statement of the same kind (the caller keeps the
 * old object then; a `break` become an expression changes the graph, and the function is made anew).
 */
export function rereadStatement(fn: FunctionFacts, tree: Tree, edit: Edit, changed: readonly [number, number][], before: PlainStatement | undefined, opts: ExtractOptions): FunctionFacts | undefined {
  const spent = readSteps.get(fn);
  if (!before || spent === undefined || fn.lambda || fn.fromMacro || fn.expansion || changed.length === 0) return undefined;
  const delta = edit.newEnd - edit.oldEnd;
  const s = plainStatementAround(tree.rootNode, edit.start, edit.newEnd);
  // (The syntax may have changed up to the statement's ends: a `break` typed into `breakx` is another node.)
  if (!s || s.start !== before.start || s.end !== before.end || changed[0][0] < s.start || changed[changed.length - 1][1] > s.end) return undefined;
  // (`break` typed into `breakx`: the same facts, another graph.)
  const kindChanged = s.type !== before.type;
  const oldEnd = s.end - delta;
  if (!(fn.span.start < s.start && oldEnd < fn.span.end)) return undefined;
  const place = placeOf(tree, fn.span.start, s);
  if (!place) return undefined;

  // The statement's facts before the edit: one run in each list (the walk reads a statement's whole subtree at once).
  const inside = (l: Loc) => l.start >= s.start && l.end <= oldEnd;
  const writes = runOf(fn.writes, (w) => w.at, inside, s.start);
  const calls = runOf(fn.calls, (c) => c.at, inside, s.start);
  const returns = runOf(fn.returns ?? [], (r) => r.loc, inside, s.start);
  if (!writes || !calls || !returns) return undefined;

  let read: { value: StatementFacts; used: number };
  try {
    read = withBudgetCounted(budgetFor(fn.span.end + delta - fn.span.start) - spent, () => readStatement(place.stmt, place.regions, place.depth, opts));
  } catch (e) {
    if (e instanceof OverBudget) return undefined; // read whole: it decides whether the function is left out
    throw e;
  }
  const now = read.value;
  if (now.declares) return undefined;
  // Inside #if arms the walk reads the #else arms first: where facts go into an empty run is not told by offsets.
  const filled = (was: Run, is: readonly unknown[]) => was.from === was.to && is.length > 0;
  if (place.reordered && (filled(writes, now.writes) || filled(calls, now.calls) || filled(returns, now.returns))) return undefined;
  const old = { writes: fn.writes.slice(writes.from, writes.to), calls: fn.calls.slice(calls.from, calls.to), returns: (fn.returns ?? []).slice(returns.from, returns.to) };
  if (!kindChanged && offsetsOnly(old, { writes: now.writes, calls: now.calls, returns: now.returns })) return undefined;

  const copy = new Copier(edit.start, edit.oldEnd, delta);
  // Made as extract.ts makes a function (the same fields in the same order, never deleted): its objects keep one shape.
  const out: FunctionFacts = {
    name: fn.name,
    uri: fn.uri,
    nameLoc: copy.loc(fn.nameLoc),
    span: copy.loc(fn.span),
    params: fn.params.map((p) => ({ ...p, loc: copy.loc(p.loc) })),
    locals: new Map(fn.locals),
    writes: splice(fn.writes, writes, now.writes, (w) => copy.write(w)),
    calls: splice(fn.calls, calls, now.calls, (c) => copy.call(c)),
    prefix: fn.prefix,
  };
  const rest = out as unknown as Record<string, unknown>;
  for (const k of Object.keys(fn) as (keyof FunctionFacts)[]) if (!(k in out) && !DERIVED.has(k)) rest[k] = fn[k];
  const rs = splice(fn.returns ?? [], returns, now.returns, (r) => copy.arg(r));
  if (rs.length) out.returns = rs;
  const cfg = movedGraph(fn, out, tree, edit, changed);
  if (cfg) out.cfg = cfg;
  readSteps.set(out, spent + read.used);
  reread++;
  return out;
}

/** Statements read again on their own since the process started: tests read it. */
let reread = 0;
export function statementsReread(): number {
  return reread;
}

/** The field assignments a function's writes gave, in order (extract.ts registrationOf). */
export function registrationsOf(fn: FunctionFacts): { field: string; value: string }[] {
  const out: { field: string; value: string }[] = [];
  for (const w of fn.writes) {
    const r = registrationOf.get(w);
    if (r) out.push(r);
  }
  return out;
}

/** Where a statement sits in its function's body: its node, the branch regions the walk gives it there, its depth. */
interface Place {
  stmt: Node;
  regions: Region[];
  depth: number;
  /** Under an #if block: the walk reads the #else arms before the #if arm. */
  reordered: boolean;
}

/** The place of the statement `s` in the body of the function starting at `fnStart`, worked out as extract.ts's visit works it out. */
function placeOf(tree: Tree, fnStart: number, s: PlainStatement): Place | undefined {
  const body = functionBodyAt(tree.rootNode, fnStart);
  if (!body) return undefined;
  let stmt: Node | null = tree.rootNode.descendantForIndex(s.start, s.end);
  while (stmt && !(stmt.startIndex === s.start && stmt.endIndex === s.end && stmt.type === s.type)) stmt = stmt.parent;
  if (!stmt) return undefined;
  const chain: Node[] = [];
  for (let n: Node | null = stmt; n && n.id !== body.id; n = n.parent) {
    if (!n.parent || n.type === 'function_definition' || n.type === 'lambda_expression') return undefined;
    chain.push(n);
  }
  chain.push(body);
  chain.reverse();
  let regions: Region[] = [];
  let reordered = false;
  for (let i = 0; i + 1 < chain.length; i++) {
    const a = chain[i];
    const c = chain[i + 1];
    switch (a.type) {
      case 'if_statement':
        if (c.equals(a.childForFieldName('consequence') ?? a) || c.equals(a.childForFieldName('alternative') ?? a)) regions = [...regions, [c.startIndex, c.endIndex]];
        break;
      case 'case_statement':
      case 'while_statement':
      case 'for_statement':
      case 'preproc_else':
      case 'preproc_elif':
        regions = [...regions, [a.startIndex, a.endIndex]];
        break;
      case 'preproc_if':
      case 'preproc_ifdef': {
        reordered = true;
        if (isArm(c)) break;
        if (isNeverCompiled(a)) return undefined; // not read at all
        const arm = a.namedChildren.filter((x): x is Node => !!x && !isArm(x));
        regions = [...regions, [arm[0].startIndex, arm[arm.length - 1].endIndex]];
        break;
      }
      default:
        // Statements and clauses pass their regions on as they are; anything else (an expression) is no plain place.
        if (!/_(statement|clause)$/.test(a.type) && a.type !== 'preproc_elifdef') return undefined;
    }
  }
  return { stmt, regions, depth: chain.length - 1, reordered };
}

function isArm(n: Node): boolean {
  return n.type === 'preproc_else' || n.type === 'preproc_elif';
}

/** A run [from, to) of a list: the items of one statement, or where they would go. */
interface Run {
  from: number;
  to: number;
}

/** The run of `list` whose locations are inside the statement (starting at `start`), or undefined when they are not one run. */
function runOf<T>(list: readonly T[], locOf: (x: T) => Loc, inside: (l: Loc) => boolean, start: number): Run | undefined {
  let from = -1;
  let to = -1;
  for (let i = 0; i < list.length; i++) {
    if (!inside(locOf(list[i]))) continue;
    if (from < 0) from = i;
    else if (to !== i) return undefined;
    to = i + 1;
  }
  if (from >= 0) return { from, to };
  // None: where the walk would put them, after everything that starts before the statement.
  let at = 0;
  while (at < list.length && locOf(list[at]).start < start) at++;
  return { from: at, to: at };
}

/** `list` copied with `run` replaced by `fresh` (new objects already). */
function splice<T>(list: readonly T[], run: Run, fresh: readonly T[], copy: (x: T) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < run.from; i++) out.push(copy(list[i]));
  for (const x of fresh) out.push(x);
  for (let i = run.to; i < list.length; i++) out.push(copy(list[i]));
  return out;
}

/** Copies facts with their offsets moved across an edit inside a statement they are not in (one copy per shared object). */
class Copier {
  private readonly locs = new Map<Loc, Loc>();
  private readonly tuples = new Map<Region, Region>();
  private readonly lists = new Map<Region[], Region[]>();
  private readonly from: (o: number) => number;
  private readonly to: (o: number) => number;

  constructor(start: number, oldEnd: number, delta: number) {
    ({ from: this.from, to: this.to } = acrossBlanks(start, oldEnd, delta));
  }

  loc(l: Loc): Loc {
    let m = this.locs.get(l);
    if (!m) this.locs.set(l, (m = { uri: l.uri, start: this.from(l.start), end: this.to(l.end) }));
    return m;
  }

  regions(rs: Region[]): Region[] {
    let m = this.lists.get(rs);
    if (!m) {
      m = rs.map((r) => {
        let t = this.tuples.get(r);
        if (!t) this.tuples.set(r, (t = [this.from(r[0]), this.to(r[1])] as const));
        return t;
      });
      this.lists.set(rs, m);
    }
    return m;
  }

  arg(a: Arg): Arg {
    return { ...a, loc: this.loc(a.loc) };
  }

  call(c: CallSite): CallSite {
    return { ...c, args: c.args.map((a) => this.arg(a)), at: this.loc(c.at), nameLoc: this.loc(c.nameLoc), regions: this.regions(c.regions) };
  }

  write(w: Write): Write {
    switch (w.kind) {
      case 'assign': {
        const copy: Write = { ...w, valueLoc: this.loc(w.valueLoc), at: this.loc(w.at), regions: this.regions(w.regions), ...(w.compound ? { compound: { ...w.compound, operandLoc: this.loc(w.compound.operandLoc) } } : {}) };
        const registration = registrationOf.get(w);
        if (registration) registrationOf.set(copy, registration);
        return copy;
      }
      case 'initList':
        return { ...w, fields: w.fields.map((f) => ({ ...f, loc: this.loc(f.loc) })), at: this.loc(w.at), regions: this.regions(w.regions) };
      case 'zero':
      case 'alias':
        return { ...w, at: this.loc(w.at), regions: this.regions(w.regions) };
    }
  }
}
