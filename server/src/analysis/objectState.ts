// The possible values of an object's fields at a point of a function, from the
// writes before that point: assignments, initializers, zeroing, aliases, and
// calls that receive the object (resolved through the callee's or macro's own
// writes, or taken as unknown when the callee cannot be seen).
import type { CallSite, FunctionFacts, Region } from './facts';
import type { Loc } from './source';
import type { Value } from './values';
import type { Kept, WorkspaceIndex } from './workspace';
import { isIdentifier, norm, objectOfArg } from './syntax';
import { expansionAtUse, macroAsFunction } from './macros';
import { calleeForWrites } from './calls';
import { BUILTIN_URI } from './workspace';
import { charge } from './budget';
import { evaluate } from './evaluate';
import { combine, valuesAlongPaths, type FnEvent } from './reaching';
import { nodesHolding } from './cfg';

export type ObjectValues = Map<string, Value[]>;

const NEVER_WRITES = new Set(['NdisMIndicateStatusEx', 'NdisFIndicateStatus', 'UNREFERENCED_PARAMETER', 'NdisZeroMemory', 'RtlZeroMemory', 'RtlSecureZeroMemory', 'ZeroMemory', 'memset', 'sizeof', 'ASSERT', 'NT_ASSERT', 'DbgPrint', 'KdPrint', 'DEBUGP', 'TraceEvents']);

const MAX_DEPTH = 4;

type OrderedEvent = FnEvent;
const ordered = new WeakMap<FunctionFacts, { at: number; list: OrderedEvent[] }>();

/**
 * Forgets what is kept for a function by offsets within it (the order of its events, its values by
 * offset): an edit inside it moved some of its offsets and not others (openFacts.ts, movedFacts.ts).
 */
export function forgetOffsets(fn: FunctionFacts): void {
  ordered.delete(fn);
  memo.delete(fn);
}

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
 * (the key) and on what it looked up in the workspace index while it was computed (callees, macros and
 * the macros they expand, types, constants: WorkspaceIndex.keep); it is reused while each of those
 * lookups gives the same answer (an edit elsewhere leaves them untouched).
 */
const memo = new WeakMap<FunctionFacts, Map<string, Kept<ObjectValues>>>();

export function objectValuesAt(ws: WorkspaceIndex, fn: FunctionFacts, objText: string, offset: number, paths: readonly string[], depth = 0): ObjectValues {
  let perFn = memo.get(fn);
  if (!perFn) memo.set(fn, (perFn = new Map()));
  // Keyed by the offset within the function: a function moved by an edit above it keeps its results
  // (their locations are the facts' own objects, moved with them), and no key is left behind by the move.
  const key = `${objText}|${offset - fn.span.start}|${depth}|${paths.join(',')}`;
  const kept = ws.keep(perFn.get(key), () => computeObjectValues(ws, fn, objText, offset, paths, depth));
  perFn.set(key, kept);
  return kept.value;
}

/** Appends one by one: a spread of a very long list would overflow the call stack. */
function addAll<T>(to: T[] | undefined, items: readonly T[]): void {
  if (to) for (const x of items) to.push(x);
}

function computeObjectValues(ws: WorkspaceIndex, fn: FunctionFacts, objText: string, offset: number, paths: readonly string[], depth: number): ObjectValues {
  const along = paths.length === 1 && paths[0] === '' ? scalarAlongPaths(ws, fn, norm(objText), offset, depth) : undefined;
  if (along) return new Map([['', depth < MAX_DEPTH ? along.flatMap((v) => resolveScalar(ws, fn, v, depth)) : along]]);
  let obj = norm(objText);
  // `p = &si; ... Call(p)`: the object is si.
  for (const w of fn.writes) {
    if (w.at.start >= offset) break;
    if (w.kind === 'alias' && w.name === obj) obj = w.target;
  }
  const names = new Set([obj]);
  for (const w of fn.writes) if (w.at.start < offset && w.kind === 'alias' && w.target === obj) names.add(w.name);

  // `*p` for a parameter p is the caller's object too (an out parameter: `*ppAdapter = Adapter`).
  const deref = obj.startsWith('*') ? obj.slice(1) : undefined;
  const pIndex = fn.params.findIndex((p) => p.name === obj || p.name === deref);
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

  // A write in a branch the use cannot be reached from (the other arm of an if) is not a value there.
  const reaches = reachability(ws, fn, offset);
  for (const e of orderedEvents(fn)) {
    if (e.start >= offset) break;
    // Each event costs a look at its regions and, for a call, at its arguments.
    charge(1 + (e.kind === 'write' ? e.w.regions.length : e.c.regions.length + e.c.args.length));
    const regions = e.kind === 'write' ? e.w.regions : e.c.regions;
    if (!definite(regions, offset) && !reaches(e.start)) continue;
    if (e.kind === 'write') {
      const w = e.w;
      const d = definite(w.regions, offset);
      switch (w.kind) {
        case 'assign':
          for (const n of names) {
            // `p = &obj` points an alias at the object; it writes nothing into the object.
            if (w.lv === n && n !== obj) continue;
            const path = w.lv === n ? '' : w.lv.startsWith(n + '.') ? w.lv.slice(n.length + 1) : undefined;
            if (path === undefined) continue;
            if (w.compound) {
              // `si.Flags |= F`: the value before, combined (on a path that skips it, the value before stays).
              const c = w.compound;
              for (const p of paths) {
                if (p !== path) continue;
                const after = state.get(p)!.map((v) => combine(v, c, ws));
                state.set(p, d ? after : [...state.get(p)!, ...after]);
              }
            } else {
              // `si = MakeIndication(h, code)`: the fields of the object the callee builds and returns.
              const made = path === '' && depth < MAX_DEPTH ? returnedObject(ws, fn, w.valueLoc, paths, depth) : undefined;
              if (made) for (const [p, vals] of made) state.set(p, d ? vals : [...state.get(p)!, ...vals]);
              else setPath(path, { expr: w.value, how: w.how === 'init' ? 'init' : 'assign', loc: w.valueLoc, via: [] }, d);
            }
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
      // The call that holds the offset is the one being made with it: its arguments are read before it runs.
      if (c.at.end > offset) continue;
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
  if (!isLocalScalar(fn, name)) return [v];
  const held = objectValuesAt(ws, fn, name, v.loc.start, [''], depth + 1).get('')!;
  const carried = (h: Value): Value => ({
    ...h,
    via: [...v.via, ...h.via],
    names: [...(v.names ?? []), name, ...(h.names ?? [])],
    readAt: v.readAt ?? v.loc,
    ...(h.path || v.path ? { path: [...(h.path ?? []), ...(v.path ?? [])] } : {}),
  });
  // Followed along the paths: each value holds on its own path; an uninitialized one is not a value.
  if (held.every((h) => h.path)) return held.map((h) => carried(h.how === 'unset' ? { ...h, how: 'unknown', expr: name } : h));
  if (held.some((h) => h.how === 'unset' || h.how === 'unknown' || h.how === 'zero')) return [v];
  return held.map(carried);
}

/**
 * Whether code at an offset can run before the code at `offset` (a path leads from one to the other
 * in the control-flow graph). Without a graph, or for an offset the graph does not place, everything can.
 */
function reachability(ws: WorkspaceIndex, fn: FunctionFacts, offset: number): (at: number) => boolean {
  let can: Set<number> | undefined;
  let cfg: ReturnType<WorkspaceIndex['cfg']>;
  let tried = false;
  return (at) => {
    if (!tried) {
      tried = true;
      cfg = ws.cfg(fn);
      const uses = cfg ? nodesHolding(cfg, offset) : [];
      if (cfg && uses.length) {
        const preds: number[][] = cfg.nodes.map(() => []);
        cfg.nodes.forEach((n, i) => n.succ.forEach((e) => preds[e.to].push(i)));
        can = new Set(uses);
        const work = [...uses];
        charge(cfg.nodes.length);
        while (work.length) for (const p of preds[work.pop()!]) if (!can.has(p)) can.add(p), work.push(p);
      }
    }
    if (!can || !cfg) return true;
    const nodes = nodesHolding(cfg, at);
    return nodes.length === 0 || nodes.some((n) => can!.has(n));
  };
}

/** A local variable that holds its own value (not a parameter, not an array that decays to an address). */
function isLocalScalar(fn: FunctionFacts, name: string): boolean {
  if (!isIdentifier(name) || !fn.locals.has(name) || fn.params.some((p) => p.name === name)) return false;
  return !/\[\]$/.test(fn.locals.get(name) ?? '');
}

/** A local scalar's values at `offset` followed along the control-flow graph (undefined when it cannot be). */
function scalarAlongPaths(ws: WorkspaceIndex, fn: FunctionFacts, name: string, offset: number, depth: number): Value[] | undefined {
  if (!isLocalScalar(fn, name)) return undefined;
  const cfg = ws.cfg(fn);
  if (!cfg) return undefined;
  return valuesAlongPaths(ws, fn, cfg, orderedEvents(fn), name, offset, {
    callWrites: (c, i) => (depth < MAX_DEPTH ? outParamWrites(ws, c, i, depth) : undefined),
  });
}

/**
 * What a callee leaves in the variable whose address it receives as argument `i` (`Alloc(&Adapter)`
 * writes `*ppAdapter`): constants, zero, the caller's own arguments; `caller` where it leaves the
 * variable alone; unknown for anything named in the callee's own scope.
 */
function outParamWrites(ws: WorkspaceIndex, c: CallSite, i: number, depth: number): Value[] | undefined {
  if (c.callee !== c.name) return undefined; // through a pointer: the callee is not known
  const callee = ws.functionsNamed(c.name)[0] ?? macroAsFunction(ws, c.name, c);
  const p = callee?.params[i];
  if (!callee || !p) return undefined;
  const inner = objectValuesAt(ws, callee, `*${p.name}`, callee.span.end, [''], depth + 1).get('')!;
  return inner.map((v): Value => {
    const through = [c.at, ...(v.through ?? [])];
    if (v.how === 'caller') return v;
    if (v.how === 'zero') return { ...v, through, path: undefined };
    if (v.how === 'assign' || v.how === 'init') {
      const k = paramIndex(callee, v.expr);
      if (k >= 0 && c.args[k]) return { expr: c.args[k].text, how: 'assign', loc: c.args[k].loc, via: [], through: [c.at] };
      if (evaluate(v.expr, ws) !== undefined) return { ...v, through, path: undefined };
    }
    return { expr: '?', how: 'unknown', loc: c.at, via: [] };
  });
}

/** What a callee (function or function-like macro) writes into the object its parameter `i` points to. */
function calleeWrites(ws: WorkspaceIndex, caller: FunctionFacts, c: CallSite, i: number, paths: readonly string[], depth: number): ObjectValues | undefined {
  const callee = calleeForWrites(ws, caller, c) ?? macroAsFunction(ws, c.name, c);
  if (!callee) return opaqueMacroWrites(ws, c, i, paths);
  if (!callee.params[i]) return undefined;
  // A WDK macro has no text in the workspace, and a body expanded for this use's arguments has no text of
  // its own: what either writes is located at the use.
  const builtin = callee.uri === BUILTIN_URI || !!callee.expansion;
  const inner = objectValuesAt(ws, callee, callee.params[i].name, callee.span.end, paths, depth + 1);
  const out: ObjectValues = new Map();
  for (const [p, vals] of inner) {
    out.set(
      p,
      vals.map((v) => {
        // A value naming one of the callee's parameters is the argument written at this call.
        const k = v.how === 'assign' || v.how === 'init' ? paramIndex(callee, v.expr) : -1;
        if (k >= 0 && c.args[k]) return { expr: c.args[k].text, how: 'assign' as const, loc: builtin ? c.at : c.args[k].loc, via: [], through: [c.at] };
        if (v.how === 'caller') return v;
        const expansion = callee.expansion ? { expansion: { at: c.at, macro: c.name, text: expansionAtUse(ws, c.name, c.args) } } : {};
        return builtin ? { ...v, loc: c.at, through: [c.at], ...expansion } : { ...v, through: [c.at, ...(v.through ?? [])] };
      }),
    );
  }
  return out;
}

/**
 * The fields of the structure a call returns by value (`NDIS_STATUS_INDICATION si = MakeIndication(h, c);`),
 * when the callee is in the workspace and every return gives back one of its own local objects: the
 * fields that object holds at each return, its parameters replaced by this call's arguments.
 */
function returnedObject(ws: WorkspaceIndex, caller: FunctionFacts, valueLoc: Loc | undefined, paths: readonly string[], depth: number): ObjectValues | undefined {
  if (!valueLoc) return undefined;
  const c = caller.calls.find((x) => x.at.start === valueLoc.start && x.at.end === valueLoc.end);
  if (!c) return undefined;
  const callee = calleeForWrites(ws, caller, c);
  const rets = callee?.returns ?? [];
  const own = (r: { text: string }) => isIdentifier(norm(r.text)) && !!callee?.locals.has(norm(r.text)) && !callee.params.some((p) => p.name === norm(r.text));
  if (!callee || rets.length === 0 || !rets.every(own)) return undefined;
  const out: ObjectValues = new Map(paths.map((p) => [p, []]));
  for (const r of rets) {
    for (const [p, vals] of objectValuesAt(ws, callee, norm(r.text), r.loc.start, paths, depth + 1)) {
      for (const v of vals) {
        const k = v.how === 'assign' || v.how === 'init' ? paramIndex(callee, v.expr) : -1;
        out.get(p)!.push(k >= 0 && c.args[k] ? { expr: c.args[k].text, how: 'assign', loc: c.args[k].loc, via: [], through: [c.at] } : { ...v, through: [c.at, ...(v.through ?? [])] });
      }
    }
  }
  return out;
}

/**
 * A function-like macro whose body cannot be read as a function (token pasting: `NDIS_OBJECT_TYPE_ ## type`):
 * the members of its parameter that the body assigns become unknown, and the ones it never names keep
 * their values. Anything else done with the parameter (its address taken, passed on) makes every member unknown.
 */
function opaqueMacroWrites(ws: WorkspaceIndex, c: CallSite, i: number, paths: readonly string[]): ObjectValues | undefined {
  const m = ws.macro(c.name);
  const param = m?.params?.[i];
  if (!m || !param || !isIdentifier(param)) return undefined;
  const body = m.body.replace(/\\\r?\n/g, ' ');
  const uses = [...body.matchAll(new RegExp(`\\b${param}\\b`, 'g'))];
  const written = new Set<string>();
  for (const u of uses) {
    const after = body.slice(u.index! + param.length);
    const member = /^\s*\)?\s*((?:(?:\.|->)\s*[A-Za-z_]\w*\s*)+)(?:[|&^+\-*\/%]|<<|>>)?=(?!=)/.exec(after);
    const before = body.slice(0, u.index!);
    // `sizeof(obj)` reads the object's size, nothing more.
    if (/\bsizeof\s*\(\s*$/.test(before)) continue;
    if (!member) return undefined;
    written.add(member[1].replace(/\s+/g, '').replace(/->/g, '.').slice(1));
  }
  const out: ObjectValues = new Map();
  for (const p of paths) {
    const hit = [...written].some((w) => p === w || p.startsWith(w + '.') || w.startsWith(p + '.') || p === '');
    out.set(p, [hit ? { expr: `${c.name}(...)`, how: 'unknown', loc: c.at, via: [] } : { expr: `${param}->${p}`, how: 'caller', param: i, via: [] }]);
  }
  return out;
}