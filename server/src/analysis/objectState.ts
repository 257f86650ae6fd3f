// The possible values of an object's fields at a point of a function, from the
// writes before that point: assignments, initializers, zeroing, aliases, and
// calls that receive the object (resolved through the callee's or macro's own
// writes, or taken as unknown when the callee cannot be seen).
import type { CallSite, FunctionFacts, Region, Write } from './facts';
import type { Value } from './values';
import type { WorkspaceIndex } from './workspace';
import { isIdentifier, norm, objectOfArg } from './syntax';
import { macroAsFunction } from './macros';
import { calleeForWrites } from './calls';
import { BUILTIN_URI } from './workspace';
import { charge } from './budget';

export type ObjectValues = Map<string, Value[]>;

const NEVER_WRITES = new Set(['NdisMIndicateStatusEx', 'NdisFIndicateStatus', 'NdisZeroMemory', 'RtlZeroMemory', 'RtlSecureZeroMemory', 'ZeroMemory', 'memset', 'sizeof', 'ASSERT', 'NT_ASSERT', 'DbgPrint', 'KdPrint', 'DEBUGP', 'TraceEvents']);

const MAX_DEPTH = 4;

type OrderedEvent = ({ kind: 'write'; w: Write } | { kind: 'call'; c: CallSite }) & { start: number };
const ordered = new WeakMap<FunctionFacts, { at: number; list: OrderedEvent[] }>();

/** Writes and calls of a function in source order (kept per function; recomputed when its offsets move). */
function orderedEvents(fn: FunctionFacts): OrderedEvent[] {
  const hit = ordered.get(fn);
  if (hit && hit.at === fn.span.start) return hit.list;
  const list: OrderedEvent[] = [];
  for (const w of fn.writes) list.push({ kind: 'write', w, start: w.at.start });
  for (const c of fn.calls) if (!NEVER_WRITES.has(c.name)) list.push({ kind: 'call', c, start: c.at.start });
  list.sort((a, b) => a.start - b.start);
  ordered.set(fn, { at: fn.span.start, list });
  return list;
}

/** True when the event at `regions` runs on every path that reaches `offset`. */
function definite(regions: readonly Region[], offset: number): boolean {
  return regions.every(([s, e]) => s <= offset && offset < e);
}

export function paramIndex(fn: FunctionFacts, expr: string): number {
  const t = norm(expr);
  return fn.params.findIndex((p) => p.name === t);
}

/**
 * Results of objectValuesAt, kept per function across edits. A result depends on the function itself
 * (the key) and on the callees and macros it looked into; it is reused while each of those names still
 * resolves to the same facts object (an edit elsewhere leaves them untouched).
 */
type Dep = readonly [name: string, target: object | undefined];
const memo = new WeakMap<FunctionFacts, Map<string, { result: ObjectValues; deps: Dep[] }>>();
/** Dependencies of the computations under way, innermost last. */
const collecting: Dep[][] = [];

function target(ws: WorkspaceIndex, name: string): object | undefined {
  // The list itself: a function of that name added or removed anywhere makes a new list.
  const list = ws.functionsNamed(name);
  return list.length ? list : ws.macro(name);
}

export function objectValuesAt(ws: WorkspaceIndex, fn: FunctionFacts, objText: string, offset: number, paths: readonly string[], depth = 0): ObjectValues {
  let perFn = memo.get(fn);
  if (!perFn) memo.set(fn, (perFn = new Map()));
  // Keyed by the offset within the function: a function moved by an edit above it keeps its results
  // (their locations are the facts' own objects, moved with them), and no key is left behind by the move.
  const k = `${objText}|${offset - fn.span.start}|${depth}|${paths.join(',')}`;
  const hit = perFn.get(k);
  if (hit && hit.deps.every(([name, t]) => target(ws, name) === t)) {
    addAll(collecting[collecting.length - 1], hit.deps);
    return hit.result;
  }
  const deps: Dep[] = [];
  collecting.push(deps);
  let result: ObjectValues;
  try {
    result = computeObjectValues(ws, fn, objText, offset, paths, depth);
  } finally {
    collecting.pop();
  }
  perFn.set(k, { result, deps });
  addAll(collecting[collecting.length - 1], deps);
  return result;
}

/** Appends one by one: a spread of a very long list would overflow the call stack. */
function addAll<T>(to: T[] | undefined, items: readonly T[]): void {
  if (to) for (const x of items) to.push(x);
}

function computeObjectValues(ws: WorkspaceIndex, fn: FunctionFacts, objText: string, offset: number, paths: readonly string[], depth: number): ObjectValues {
  let obj = norm(objText);
  // `p = &si; ... Call(p)`: the object is si.
  for (const w of fn.writes) {
    if (w.at.start >= offset) break;
    if (w.kind === 'alias' && w.name === obj) obj = w.target;
  }
  const names = new Set([obj]);
  for (const w of fn.writes) if (w.at.start < offset && w.kind === 'alias' && w.target === obj) names.add(w.name);

  const pIndex = fn.params.findIndex((p) => p.name === obj);
  const base: Value =
    pIndex >= 0
      ? { expr: `${obj}->?`, how: 'caller', param: pIndex, via: [] }
      : isIdentifier(obj) && fn.locals.has(obj)
        ? { expr: '', how: 'unset', via: [] }
        : { expr: '?', how: 'unknown', via: [] };
  const state = new Map<string, Value[]>(paths.map((p) => [p, [{ ...base, expr: base.how === 'caller' ? `${obj}->${p}` : base.expr }]]));

  const setPath = (path: string, v: Value, isDefinite: boolean) => {
    for (const p of paths) {
      // A write to `Header` sets Header.Type too; a write to `Header.Type` sets only that.
      const hit = p === path || p.startsWith(path + '.') || path === '';
      if (!hit) continue;
      // A whole object copied from another (`x = *other;`) gives its fields that object's fields: unknown here.
      const whole = path === '' && p !== '' && v.how !== 'zero';
      const value = p === path || (path === '' && !whole) ? v : { ...v, how: 'unknown' as const, expr: `${v.expr}.${whole ? p : p.slice(path.length + 1)}` };
      if (isDefinite) state.set(p, [value]);
      else state.get(p)!.push(value);
    }
  };

  for (const e of orderedEvents(fn)) {
    if (e.start >= offset) break;
    // Each event costs a look at its regions and, for a call, at its arguments.
    charge(1 + (e.kind === 'write' ? e.w.regions.length : e.c.regions.length + e.c.args.length));
    if (e.kind === 'write') {
      const w = e.w;
      const d = definite(w.regions, offset);
      switch (w.kind) {
        case 'assign':
          for (const n of names) {
            // `p = &obj` points an alias at the object; it writes nothing into the object.
            if (w.lv === n && n !== obj) continue;
            if (w.lv === n) setPath('', { expr: w.value, how: w.how === 'init' ? 'init' : 'assign', loc: w.valueLoc, via: [] }, d);
            else if (w.lv.startsWith(n + '.')) setPath(w.lv.slice(n.length + 1), { expr: w.value, how: w.how, loc: w.valueLoc, via: [] }, d);
          }
          break;
        case 'initList':
          if (!names.has(w.obj)) break;
          setPath('', { expr: '0', how: 'zero', loc: w.at, via: [] }, d);
          for (const f of w.fields) setPath(f.path, { expr: f.value, how: 'init', loc: f.loc, via: [] }, d);
          break;
        case 'zero':
          if (names.has(w.obj)) setPath('', { expr: '0', how: 'zero', loc: w.at, via: [] }, d);
          break;
        case 'alias':
          break;
      }
    } else {
      const c = e.c;
      // The call receives the object itself, or one of its members (`si.Header`).
      let prefix = '';
      const i = c.args.findIndex((a) => {
        const o = objectOfArg(a.text).obj;
        if (names.has(o)) return true;
        for (const n of names) {
          if (o.startsWith(n + '.') && /^[A-Za-z_][\w.]*$/.test(o)) {
            prefix = o.slice(n.length + 1);
            return true;
          }
        }
        return false;
      });
      if (i < 0) continue;
      const d = definite(c.regions, offset);
      const inner = prefix ? paths.filter((p) => p.startsWith(prefix + '.')).map((p) => p.slice(prefix.length + 1)) : paths;
      if (inner.length === 0) continue;
      const summary = depth < MAX_DEPTH ? calleeWrites(ws, fn, c, i, inner, depth) : undefined;
      if (!summary) {
        setPath(prefix, { expr: '?', how: 'unknown', loc: c.at, via: [] }, d);
        continue;
      }
      for (const [q, vals] of summary) {
        const p = prefix ? `${prefix}.${q}` : q;
        if (vals.every((v) => v.how === 'caller')) continue; // the callee left it alone
        if (d && vals.every((v) => v.how !== 'caller')) state.set(p, vals);
        else addAll(state.get(p), vals.filter((v) => v.how !== 'caller'));
      }
    }
  }

  // A value that is a local scalar (`si.StatusCode = Status;`) is what that local held there.
  if (depth < MAX_DEPTH) {
    for (const [p, vals] of state) state.set(p, vals.flatMap((v) => resolveScalar(ws, fn, v, depth)));
  }
  return state;
}

/** Replaces a value naming a local scalar variable by the values that variable held. */
export function resolveScalar(ws: WorkspaceIndex, fn: FunctionFacts, v: Value, depth: number): Value[] {
  if ((v.how !== 'assign' && v.how !== 'init') || !v.loc) return [v];
  const name = norm(v.expr);
  if (!isIdentifier(name) || !fn.locals.has(name) || fn.params.some((p) => p.name === name)) return [v];
  // Arrays and aggregates decay to addresses; only scalars hold the value they were given.
  if (/\[\]$/.test(fn.locals.get(name) ?? '')) return [v];
  const held = objectValuesAt(ws, fn, name, v.loc.start, [''], depth + 1).get('')!;
  if (held.some((h) => h.how === 'unset' || h.how === 'unknown' || h.how === 'zero')) return [v];
  return held.map((h) => ({ ...h, via: [...v.via, ...h.via] }));
}

/** What a callee (function or function-like macro) writes into the object its parameter `i` points to. */
function calleeWrites(ws: WorkspaceIndex, caller: FunctionFacts, c: CallSite, i: number, paths: readonly string[], depth: number): ObjectValues | undefined {
  collecting[collecting.length - 1]?.push([c.name, target(ws, c.name)]);
  const callee = calleeForWrites(ws, caller, c) ?? macroAsFunction(ws, c.name);
  if (!callee || !callee.params[i]) return undefined;
  // A WDK macro has no text in the workspace: what it writes is located at its use.
  const builtin = callee.uri === BUILTIN_URI;
  const inner = objectValuesAt(ws, callee, callee.params[i].name, callee.span.end, paths, depth + 1);
  const out: ObjectValues = new Map();
  for (const [p, vals] of inner) {
    out.set(
      p,
      vals.map((v) => {
        // A value naming one of the callee's parameters is the argument written at this call.
        const k = v.how === 'assign' || v.how === 'init' ? paramIndex(callee, v.expr) : -1;
        if (k >= 0 && c.args[k]) return { expr: c.args[k].text, how: 'assign' as const, loc: c.args[k].loc, via: [], through: [c.at] };
        if (v.how === 'caller') return v;
        return builtin ? { ...v, loc: c.at, through: [c.at] } : { ...v, through: [c.at, ...(v.through ?? [])] };
      }),
    );
  }
  return out;
}
