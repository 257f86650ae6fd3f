// Values of a local variable along the paths of its function, as the compiler sees them: the writes
// that reach a use over the control-flow graph (a write on every path hides the ones before it),
// each with the branch decisions of a path from the write to the use. Paths whose branch conditions
// contradict each other (`if (fatal) ...; if (!fatal) ...` taken both ways) are not paths.
import { nodesHolding, type Cfg } from './cfg';
import type { CallSite, Compound, FunctionFacts, Write } from './facts';
import type { BranchStep, Value } from './values';
import type { WorkspaceIndex } from './workspace';
import { binary, evaluate } from './evaluate';
import { objectOfArg } from './syntax';
import { charge } from './budget';
import { locWithin } from './shiftFacts';

/** The writes and calls of a function in source order, as objectState keeps them. */
export type FnEvent = ({ kind: 'write'; w: Write } | { kind: 'call'; c: CallSite }) & { start: number };

export interface ReachingHooks {
  /** What a call that receives `&name` as argument `i` leaves in it: values, `caller` ones for "unchanged"; undefined when unknown. */
  callWrites(c: CallSite, i: number): Value[] | undefined;
}

/** One write of the variable placed in the graph. */
interface Def {
  offset: number;
  event: FnEvent;
}

/** Path states explored per question before giving up on branch correlation. */
const STATE_BUDGET = 4000;

/**
 * The values `name` may hold at `offset`, one per write that reaches it on some path (with that
 * path's branch decisions), or undefined when the graph cannot answer (a write it cannot place,
 * the variable's address kept in a pointer): the caller then reads the writes without paths.
 */
export function valuesAlongPaths(ws: WorkspaceIndex, fn: FunctionFacts, cfg: Cfg, events: readonly FnEvent[], name: string, offset: number, hooks: ReachingHooks): Value[] | undefined {
  return new Reaching(ws, fn, cfg, events, name, hooks).at(offset, new Set());
}

class Reaching {
  private readonly defsByNode = new Map<number, Def[]>();
  private readonly preds: number[][];
  private ok = true;

  constructor(
    private readonly ws: WorkspaceIndex,
    private readonly fn: FunctionFacts,
    private readonly cfg: Cfg,
    events: readonly FnEvent[],
    private readonly name: string,
    private readonly hooks: ReachingHooks,
  ) {
    this.preds = cfg.nodes.map(() => []);
    cfg.nodes.forEach((n, i) => n.succ.forEach((e) => this.preds[e.to].push(i)));
    for (const e of events) {
      if (!this.touches(e)) continue;
      const nodes = nodesHolding(cfg, e.start);
      if (nodes.length === 0) this.ok = false; // a write the graph does not place (a `for` header)
      for (const n of nodes) {
        const list = this.defsByNode.get(n) ?? [];
        list.push({ offset: e.start, event: e });
        this.defsByNode.set(n, list);
      }
    }
  }

  /** True when the event writes the variable; clears `ok` when its address escapes into a pointer. */
  private touches(e: FnEvent): boolean {
    if (e.kind === 'call') return e.c.args.some((a) => isAddressOf(a.text, this.name));
    const w = e.w;
    switch (w.kind) {
      case 'assign':
        return w.lv === this.name;
      case 'zero': {
        // NdisZeroMemory(&x, ...) zeroes x; NdisZeroMemory(x, ...) zeroes what x points to.
        if (w.obj !== this.name) return false;
        const call = this.fn.calls.find((c) => c.at.start === w.at.start);
        return !!call?.args[0] && isAddressOf(call.args[0].text, this.name);
      }
      case 'initList':
        if (w.obj === this.name) this.ok = false; // `x = { ... }` for a scalar: not followed
        return false;
      case 'alias':
        if (w.target === this.name) this.ok = false;
        return false;
    }
  }

  /** Values at `offset`; `active` holds the writes whose own "value before" is being computed (loops). */
  at(offset: number, active: Set<FnEvent>): Value[] | undefined {
    if (!this.ok) return undefined;
    const uses = nodesHolding(this.cfg, offset);
    if (uses.length === 0) return undefined;
    const out: Value[] = [];
    const seen = new Set<FnEvent | 'entry'>();
    for (const u of uses) {
      const reached = this.reachingFrom(u, offset);
      if (!reached) return undefined;
      for (const r of reached) {
        const k = r.def?.event ?? 'entry';
        if (seen.has(k)) continue;
        seen.add(k);
        if (!r.def) {
          out.push({ expr: '', how: 'unset', via: [], path: r.path });
          continue;
        }
        const vals = this.valueOf(r.def, active);
        if (!vals) return undefined;
        out.push(...vals.map((v) => ({ ...v, path: [...(v.path ?? []), ...r.path] })));
      }
    }
    return out;
  }

  /**
   * The writes that reach `offset` in node `u`, each with the branch decisions of one consistent path
   * (`def` undefined: no write on that path, the variable is uninitialized).
   */
  private reachingFrom(u: number, offset: number): { def?: Def; path: BranchStep[] }[] | undefined {
    const inNode = (this.defsByNode.get(u) ?? []).filter((d) => d.offset < offset);
    if (inNode.length) return [{ def: inNode[inNode.length - 1], path: [] }];
    // Backwards from the use, each state a path to it with the conditions it assumes.
    interface State { node: number; next?: State; edge?: { label: string; at?: number }; assumed: Map<string, { pos: boolean; node: number }> }
    const found = new Map<Def | 'entry', State>();
    const visited = new Set<string>();
    const queue: State[] = [{ node: u, assumed: new Map() }];
    let budget = STATE_BUDGET;
    for (let qi = 0; qi < queue.length; qi++) {
      if (--budget < 0) return this.reachingIgnoringConditions(u);
      const s = queue[qi];
      charge(1 + this.preds[s.node].length);
      for (const p of this.preds[s.node]) {
        const edge = this.cfg.nodes[p].succ.find((e) => e.to === s.node);
        const assumed = assume(s.assumed, edge?.label, p);
        if (!assumed) continue; // this branch contradicts one taken later on the path
        const key = `${p}|${[...assumed].map(([t, a]) => `${a.pos ? '' : '!'}${t}`).sort().join('&')}`;
        if (visited.has(key)) continue;
        visited.add(key);
        const st: State = { node: p, next: s, edge: edge?.label ? { label: edge.label, at: edge.at } : undefined, assumed };
        const defs = this.defsByNode.get(p);
        if (defs?.length) {
          const d = defs[defs.length - 1];
          if (!found.has(d)) found.set(d, st);
          continue;
        }
        if (p === this.cfg.entry) {
          if (!found.has('entry')) found.set('entry', st);
          continue;
        }
        queue.push(st);
      }
    }
    return [...found].map(([d, st]) => ({ def: d === 'entry' ? undefined : d, path: this.stepsOf(st) }));
  }

  /** The same question without branch correlation, when the correlated search is too large. */
  private reachingIgnoringConditions(u: number): { def?: Def; path: BranchStep[] }[] {
    interface State { node: number; next?: State; edge?: { label: string; at?: number } }
    const found = new Map<Def | 'entry', State>();
    const visited = new Set<number>();
    const queue: State[] = [{ node: u }];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      charge(1 + this.preds[s.node].length);
      for (const p of this.preds[s.node]) {
        if (visited.has(p)) continue;
        visited.add(p);
        const edge = this.cfg.nodes[p].succ.find((e) => e.to === s.node);
        const st: State = { node: p, next: s, edge: edge?.label ? { label: edge.label, at: edge.at } : undefined };
        const defs = this.defsByNode.get(p);
        if (defs?.length) {
          const d = defs[defs.length - 1];
          if (!found.has(d)) found.set(d, st);
        } else if (p === this.cfg.entry) {
          if (!found.has('entry')) found.set('entry', st);
        } else queue.push(st);
      }
    }
    return [...found].map(([d, st]) => ({ def: d === 'entry' ? undefined : d, path: this.stepsOf(st) }));
  }

  /** The branch decisions from a state's node forward to the use. */
  private stepsOf(st: { next?: unknown; edge?: { label: string; at?: number }; node: number }): BranchStep[] {
    const out: BranchStep[] = [];
    for (let s: typeof st | undefined = st; s; s = s.next as typeof st | undefined) {
      if (!s.edge) continue;
      const at = s.edge.at ?? this.cfg.nodes[s.node].start;
      // (Kept with the values across edits that move the function: a location that moves with it.)
      out.push({ loc: locWithin(this.fn, at, 1), branch: s.edge.label });
    }
    return out;
  }

  /** What one write leaves in the variable. */
  private valueOf(d: Def, active: Set<FnEvent>): Value[] | undefined {
    const e = d.event;
    if (e.kind === 'call') {
      const i = e.c.args.findIndex((a) => isAddressOf(a.text, this.name));
      const written = this.hooks.callWrites(e.c, i);
      if (!written) return [{ expr: '?', how: 'unknown', loc: e.c.at, via: [] }];
      const kept = written.filter((v) => v.how !== 'caller');
      // `caller` values: on some path the callee left the variable as it was.
      if (kept.length === written.length) return kept;
      const before = this.before(e, active);
      return before ? [...kept, ...before] : undefined;
    }
    const w = e.w;
    if (w.kind === 'zero') return [{ expr: '0', how: 'zero', loc: w.at, via: [] }];
    if (w.kind !== 'assign') return undefined;
    if (!w.compound) return [{ expr: w.value, how: w.how === 'init' ? 'init' : 'assign', loc: w.valueLoc, via: [] }];
    const before = this.before(e, active);
    return before?.map((v) => combine(v, w.compound!, this.ws));
  }

  /** The values just before a write that depends on them (`x |= F`, a callee that may leave x alone). */
  private before(e: FnEvent, active: Set<FnEvent>): Value[] | undefined {
    if (active.has(e)) return [{ expr: '?', how: 'unknown', via: [] }]; // around a loop
    active.add(e);
    try {
      return this.at(e.start, active);
    } finally {
      active.delete(e);
    }
  }
}

/**
 * The value after `x op= operand` given one value before: the operand itself when the value before is 0
 * (`Flags |= F` on a zeroed structure is `F`) or unknown and the operand a non-zero constant or-ed in
 * (its bits are set whatever was there), the combination when both are constants, else unknown.
 */
export function combine(before: Value, c: Compound, ws: WorkspaceIndex): Value {
  const after: Value = { expr: `${before.expr || '?'} ${c.op} ${c.operand}`, how: 'unknown', loc: c.operandLoc, via: [], ...(before.path ? { path: before.path } : {}) };
  if (before.how !== 'assign' && before.how !== 'init' && before.how !== 'zero') {
    // Whatever was there, or-ing a non-zero constant leaves those bits set: `Flags |= F` is not 0.
    const b = c.op === '|' ? evaluate(c.operand, ws) : undefined;
    if (b) return { ...after, expr: c.operand, how: 'assign' };
    // Inside a wrapper (`#define SET_FLAG(_S, _F) ((_S)->Flags |= (_F))`) the operand is usually a parameter:
    // kept as written, so the caller sees its own argument (the caller's value before is the caller's to combine).
    const name = /^\(*\s*([A-Za-z_]\w*)\s*\)*$/.exec(c.operand)?.[1];
    return before.how === 'caller' && c.op === '|' && name ? { ...after, expr: name, how: 'assign' } : after;
  }
  const a = before.how === 'zero' ? 0 : evaluate(before.expr, ws);
  if (a === 0 && (c.op === '|' || c.op === '+' || c.op === '^')) return { ...after, expr: c.operand, how: 'assign' };
  const b = evaluate(c.operand, ws);
  if (a === undefined || b === undefined || binary(c.op, a, b) === undefined) return after;
  return { ...after, expr: `(${before.how === 'zero' ? '0' : before.expr}) ${c.op} (${c.operand})`, how: 'assign' };
}

/** Adds the condition of a branch to those a path assumes; undefined when it contradicts one of them. */
function assume(assumed: Map<string, { pos: boolean; node: number }>, label: string | undefined, node: number): Map<string, { pos: boolean; node: number }> | undefined {
  const lit = literal(label);
  if (!lit) return assumed;
  const had = assumed.get(lit.text);
  if (had) {
    // The same test in a loop may go both ways; two different tests of the same condition may not.
    if (had.pos !== lit.pos && had.node !== node) return undefined;
    return assumed;
  }
  const next = new Map(assumed);
  next.set(lit.text, { pos: lit.pos, node });
  return next;
}

/** A branch label as a condition and its sense: `!(fatal)` is `fatal` false. Case labels are not correlated. */
function literal(label: string | undefined): { text: string; pos: boolean } | undefined {
  if (!label || label.startsWith('case ') || label === 'default' || label === 'no case matches' || label === '__except') return undefined;
  let t = label.replace(/\s+/g, '');
  let pos = true;
  for (;;) {
    if (t.startsWith('!(') && closesAtEnd(t, 1)) t = t.slice(2, -1);
    else if (/^!([\w.>-]+|[\w.>-]+\([^()]*\))$/.test(t)) t = t.slice(1);
    else break;
    pos = !pos;
  }
  while (t.startsWith('(') && closesAtEnd(t, 0)) t = t.slice(1, -1);
  return { text: t, pos };
}

/** True when the parenthesis at `open` closes at the last character. */
function closesAtEnd(t: string, open: number): boolean {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i] === '(') depth++;
    else if (t[i] === ')' && --depth === 0) return i === t.length - 1;
  }
  return false;
}

function isAddressOf(arg: string, name: string): boolean {
  const o = objectOfArg(arg);
  return o.byAddress && o.obj === name;
}

