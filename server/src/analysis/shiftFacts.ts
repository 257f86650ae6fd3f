// Moving a function's facts by an edit's length: an edit above a function changes none of its facts but
// their offsets, so they are moved in place instead of read again (extract.ts, openFacts.ts, macros.ts).
import type { Loc } from './source';
import type { FunctionFacts, Region } from './facts';
import type { Cfg } from './cfg';

/** How much of the text before a definition is kept with it (prefixAt). */
export const PREFIX_CHARS = 400;

/** The text just before a definition (where role annotations are), copied: a slice would keep the whole text alive. */
export function prefixAt(text: string, start: number): string {
  return (text.slice(Math.max(0, start - PREFIX_CHARS), start) + ' ').slice(0, -1);
}

/** An edit inside a function whose facts it left as they were (movedFacts.ts), in offsets from the function's start. */
interface MoveWithin {
  at: number;
  oldEnd: number;
  delta: number;
}

/** The edits inside each function since its facts were read, oldest first (locWithin maps through them). */
const movesWithin = new WeakMap<FunctionFacts, MoveWithin[]>();

/** Past this many edits inside one function its facts are read anew (openFacts.ts): the log stays short. */
export const MAX_MOVES_WITHIN = 64;

/** Records an edit of [start, oldEnd) inside `fn` (offsets before the edit) that moved its later offsets by `delta`. */
export function movedWithin(fn: FunctionFacts, start: number, oldEnd: number, delta: number): void {
  let log = movesWithin.get(fn);
  if (!log) movesWithin.set(fn, (log = []));
  log.push({ at: start - fn.span.start, oldEnd: oldEnd - fn.span.start, delta });
}

/** How many edits inside `fn` are recorded. */
export function movesWithinCount(fn: FunctionFacts): number {
  return movesWithin.get(fn)?.length ?? 0;
}

/**
 * A location `offset` characters into a function, `length` long, that moves with the function: results
 * kept across edits (objectState.ts keys them by the offset within the function) may hold locations
 * worked out from offsets (a branch of the control-flow graph), which shiftFunction does not know of.
 * It follows edits above the function (offsets from its start) and edits inside it that changed only
 * blanks (movedWithin). Its fields are enumerable accessors: a copy or JSON holds the values of the moment.
 */
export function locWithin(fn: FunctionFacts, offset: number, length: number): Loc {
  const rel = offset - fn.span.start;
  const from = movesWithinCount(fn);
  const now = (r: number, isEnd: boolean): number => {
    const log = movesWithin.get(fn);
    if (log) {
      for (let i = from; i < log.length; i++) {
        const m = log[i];
        // A start at an insertion point moves with the text after it (a location starts a token); an end
        // there stays (it ends the token before). Blanks typed inside the location make it longer.
        if (isEnd) r = r <= m.at ? r : r >= m.oldEnd ? r + m.delta : Math.max(m.at, m.oldEnd + m.delta);
        else r = r < m.at ? r : r >= m.oldEnd ? r + m.delta : m.at;
      }
    }
    return fn.span.start + r;
  };
  return {
    uri: fn.uri,
    get start() {
      return now(rel, false);
    },
    get end() {
      return length === 0 ? now(rel, false) : Math.max(now(rel, false), now(rel + length, true));
    },
  };
}

/** Every object holding offsets in a function's facts, each once (found on the first move, kept for the next). */
const movable = new WeakMap<FunctionFacts, { locs: Loc[]; regions: number[][] }>();

function movableParts(fn: FunctionFacts): { locs: Loc[]; regions: number[][] } {
  const hit = movable.get(fn);
  if (hit) return hit;
  const seen = new Set<object>();
  const locs: Loc[] = [];
  const regs: number[][] = [];
  const loc = (l: Loc | undefined) => {
    if (!l || seen.has(l)) return;
    seen.add(l);
    locs.push(l);
  };
  const regions = (rs: Region[]) => {
    for (const r of rs) {
      if (seen.has(r)) continue;
      seen.add(r);
      regs.push(r as unknown as number[]);
    }
  };
  loc(fn.nameLoc);
  loc(fn.span);
  for (const p of fn.params) loc(p.loc);
  for (const w of fn.writes) {
    loc(w.at);
    regions(w.regions);
    if (w.kind === 'assign') {
      loc(w.valueLoc);
      loc(w.compound?.operandLoc);
    }
    if (w.kind === 'initList') for (const f of w.fields) loc(f.loc);
  }
  for (const r of fn.returns ?? []) loc(r.loc);
  for (const c of fn.calls) {
    loc(c.at);
    loc(c.nameLoc);
    for (const a of c.args) loc(a.loc);
    regions(c.regions);
  }
  const parts = { locs, regions: regs };
  movable.set(fn, parts);
  return parts;
}

/**
 * Where offsets go across an edit that replaced the blanks at [start, oldEnd) by blanks `delta` longer:
 * `from` for where something starts (at or after the blanks, it moves), `to` for where it ends (after them).
 */
export function acrossBlanks(start: number, oldEnd: number, delta: number): { from: (o: number) => number; to: (o: number) => number } {
  return { from: (o) => (o >= oldEnd ? o + delta : o), to: (o) => (o > start ? o + delta : o) };
}

/**
 * Moves a function's offsets across an edit that replaced the blanks at [start, oldEnd) (offsets of the
 * text before it) by blanks `delta` longer, between two of its tokens: what starts at or after the blanks
 * moves, and so does what ends after them; the rest stays. Its control-flow graph is replaced by a moved
 * copy (what is kept per graph holds copied offsets, macroFlow.ts).
 */
export function moveAcrossBlanks(fn: FunctionFacts, start: number, oldEnd: number, delta: number): void {
  if (delta === 0 || fn.span.end <= start) return;
  const { from, to } = acrossBlanks(start, oldEnd, delta);
  if (oldEnd > fn.span.start) movedWithin(fn, start, oldEnd, delta);
  const { locs, regions } = movableParts(fn);
  for (const l of locs) {
    l.start = from(l.start);
    l.end = to(l.end);
  }
  for (const r of regions) {
    r[0] = from(r[0]);
    r[1] = to(r[1]);
  }
  if (fn.cfgSkipped) {
    fn.cfgSkipped.loc.start = from(fn.cfgSkipped.loc.start);
    fn.cfgSkipped.loc.end = to(fn.cfgSkipped.loc.end);
  }
  if (fn.cfg) fn.cfg = movedCfg(fn.cfg, start, oldEnd, delta);
}

/**
 * A copy of a control-flow graph with its offsets moved across an edit of [start, oldEnd) made `delta`
 * longer, as acrossBlanks moves them (a new object: what is kept per graph holds copied offsets).
 */
export function movedCfg(cfg: Cfg, start: number, oldEnd: number, delta: number): Cfg {
  const { from, to } = acrossBlanks(start, oldEnd, delta);
  const nodes = cfg.nodes.map((n) => ({ ...n, start: from(n.start), end: to(n.end), succ: n.succ.map((e) => (e.at === undefined ? e : { ...e, at: from(e.at) })) }));
  return { ...cfg, nodes };
}

/** Moves every offset of a function's facts by `delta` (its control-flow graph's too). */
export function shiftFunction(fn: FunctionFacts, delta: number): void {
  if (delta === 0) return;
  const { locs, regions } = movableParts(fn);
  for (const l of locs) {
    l.start += delta;
    l.end += delta;
  }
  for (const r of regions) {
    r[0] += delta;
    r[1] += delta;
  }
  if (fn.cfgSkipped) {
    fn.cfgSkipped.loc.start += delta;
    fn.cfgSkipped.loc.end += delta;
  }
  for (const node of fn.cfg?.nodes ?? []) {
    node.start += delta;
    node.end += delta;
    for (const e of node.succ) if (e.at !== undefined) e.at += delta;
  }
}
