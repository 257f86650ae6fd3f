// Finds every status indication call (NdisMIndicateStatusEx from a miniport,
// NdisFIndicateStatus from a filter: both take an NDIS_STATUS_INDICATION) and
// every NdisTcpOffloadEventHandler call, and resolves what reaches it, following
// wrapper parameters and forwarded structures to every caller in the workspace.
import type { CallSite, FileFacts, FunctionFacts, SkippedFunction } from './facts';
import { budgetFor, withBudget } from './budget';
import { functionSkipNote } from './skipNote';
import type { Loc } from './source';
import type { Value } from './values';
import type { Kept, WorkspaceIndex } from './workspace';
import { objectValuesAt, paramIndex, resolveScalar } from './objectState';
import { norm, objectOfArg } from './syntax';
import { EVENT_TYPE_BY_NAME } from '../ndis/constants';
import { editDistance } from './classify';
import { lvalueType } from './types';
import { callersReaching } from './calls';
import { reuseSites, sameValues } from './siteReuse';

export const INDICATION_PATHS = [
  'Header.Type', 'Header.Revision', 'Header.Size', 'SourceHandle', 'PortNumber', 'StatusCode',
  'Flags', 'DestinationHandle', 'RequestId', 'StatusBuffer', 'StatusBufferSize',
] as const;
export type IndicationPath = (typeof INDICATION_PATHS)[number];

/** The calls that take an NDIS_STATUS_INDICATION as their second argument. */
export const INDICATION_CALLS: ReadonlySet<string> = new Set(['NdisMIndicateStatusEx', 'NdisFIndicateStatus']);

/** A call with what reaches each of its inputs, possibly seen from one of its callers. */
export interface Site {
  kind: 'indication' | 'event';
  /** The NdisMIndicateStatusEx / NdisFIndicateStatus / handler call itself. */
  call: CallSite;
  /** The function that holds the call. */
  fn: FunctionFacts;
  /** The function the values were resolved in (fn, or a caller of a caller ...). */
  context: FunctionFacts;
  /** Inputs: `handle`, indication field paths, or `arg0`..`arg2` for events. */
  values: Map<string, Value[]>;
  /** True when context has no caller in the workspace (NDIS calls it, or nobody does). */
  rootReached: boolean;
  /** True for the site as seen inside its own function, before any caller is followed. */
  local: boolean;
}

const MAX_CALLER_DEPTH = 4;
/** Sites one call may expand into through its callers: a logging wrapper called from everywhere must not explode. */
const MAX_EXPANDED = 256;

/**
 * Caller expansions for the whole workspace: a few sites' worth plus a share per function with sites.
 * Many copies of a wrapper and of its callers (each copy reaches every caller of its name) would
 * otherwise make the work grow with the square of the copies.
 */
export function workspaceExpansions(functionsWithSites: number): number {
  return 4 * MAX_EXPANDED + 16 * functionsWithSites;
}

/** One analysis's caller expansions left, and the values an argument was resolved to (the same call is met from every copy of its callee). */
interface Expansion {
  left: number;
  args: WeakMap<object, Value[]>;
}

function argValue(ws: WorkspaceIndex, fn: FunctionFacts, text: string, loc: Loc): Value[] {
  const v: Value = { expr: text, how: 'assign', loc, via: [] };
  const k = paramIndex(fn, text);
  if (k >= 0) return [{ ...v, how: 'param', param: k }];
  return resolveScalar(ws, fn, v, 0).map((x) => {
    const j = x.how === 'assign' || x.how === 'init' ? paramIndex(fn, x.expr) : -1;
    return j >= 0 ? { ...x, how: 'param' as const, param: j } : x;
  });
}

export function indicationSites(ws: WorkspaceIndex, fn: FunctionFacts, shared: Expansion = newExpansion(1)): Site[] {
  const out: Site[] = [];
  for (const call of fn.calls) {
    if (!INDICATION_CALLS.has(call.name) || call.callee !== call.name || call.args.length !== 2) continue;
    const values = new Map<string, Value[]>();
    values.set('handle', argValue(ws, fn, call.args[0].text, call.args[0].loc));
    const state = objectValuesAt(ws, fn, objectOfArg(call.args[1].text).obj, call.at.start, INDICATION_PATHS);
    for (const [p, vals] of state) values.set(p, vals.map((v) => markParam(fn, v)));
    for (const s of expand(ws, { kind: 'indication', call, fn, context: fn, values, rootReached: false, local: true }, 0, new Set([fn.name]), shared)) out.push(s);
  }
  return out;
}

/**
 * True when `call` is a call of NDIS's offload event handler: by its name, through a pointer copied
 * from NdisTcpOffloadEventHandler in the workspace, or, when the copy is not visible, through any
 * function pointer whose second argument names a TCP_OFFLOAD_EVENT_TYPE (`p->Indicate(h, TcpIndicateRetrieve, r)`).
 */
export function isOffloadEventCall(ws: WorkspaceIndex, fn: FunctionFacts, call: CallSite): boolean {
  if (call.args.length !== 3) return false;
  if (call.name === 'NdisTcpOffloadEventHandler') return true;
  const names = ws.handlerNames();
  if (names.has(call.name) && (call.callee !== call.name || fn.locals.has(call.name))) return true;
  if (!throughPointer(ws, fn, call)) return false;
  // The pointer's declared type says it, or the second argument is an event type (or a misspelling of one).
  if (declaredAsEventHandler(ws, fn, call)) return true;
  const second = norm(call.args[1].text);
  return EVENT_TYPE_BY_NAME.has(second) || (/^Tcp[A-Z]\w*$/.test(second) && !ws.macro(second) && [...EVENT_TYPE_BY_NAME.keys()].some((n) => editDistance(n, second) <= 2));
}

/** The called pointer is declared NDIS_TCP_OFFLOAD_EVENT_INDICATE (a field, local, parameter or global). */
function declaredAsEventHandler(ws: WorkspaceIndex, fn: FunctionFacts, call: CallSite): boolean {
  const t = lvalueType(ws, [fn], norm(call.callee).replace(/^\*/, ''));
  return t?.base === 'NDIS_TCP_OFFLOAD_EVENT_INDICATE' && t.stars === 0;
}

/** A call through a function pointer: a field, a dereference, or a variable rather than a function. */
function throughPointer(ws: WorkspaceIndex, fn: FunctionFacts, call: CallSite): boolean {
  if (call.callee !== call.name) return true;
  if (ws.hasFunction(call.name) || ws.macro(call.name)) return false;
  return fn.locals.has(call.name) || fn.params.some((p) => p.name === call.name) || ws.global(call.name) !== undefined;
}

/** Functions with a three-argument call through a pointer or with a `Tcp...` second argument: those that may hold an offload event call (kept per function). */
const eventLike = new WeakMap<FunctionFacts, boolean>();
function mayHoldEventCall(fn: FunctionFacts): boolean {
  let hit = eventLike.get(fn);
  if (hit === undefined) {
    hit = fn.calls.some((c) => c.args.length === 3 && (c.callee !== c.name || /^\s*Tcp[A-Z]/.test(c.args[1].text) || fn.locals.has(c.name)));
    eventLike.set(fn, hit);
  }
  return hit;
}

/** Whether a function holds an offload event call, kept with the lookups that decided it (types, globals, handler aliases). */
const eventCalls = new WeakMap<FunctionFacts, Kept<boolean>>();
function holdsEventCall(ws: WorkspaceIndex, fn: FunctionFacts): boolean {
  const kept = ws.keep(eventCalls.get(fn), () => fn.calls.some((c) => isOffloadEventCall(ws, fn, c)));
  eventCalls.set(fn, kept);
  return kept.value;
}

/** The functions of a file that may hold an offload event call (most files have none). */
function eventLikeIn(file: FileFacts): FunctionFacts[] {
  return file.functions.filter(mayHoldEventCall);
}

export function eventSites(ws: WorkspaceIndex, fn: FunctionFacts, shared: Expansion = newExpansion(1)): Site[] {
  const out: Site[] = [];
  for (const call of fn.calls) {
    if (!isOffloadEventCall(ws, fn, call)) continue;
    const values = new Map<string, Value[]>();
    call.args.forEach((a, i) => values.set(`arg${i}`, argValue(ws, fn, a.text, a.loc)));
    for (const s of expand(ws, { kind: 'event', call, fn, context: fn, values, rootReached: false, local: true }, 0, new Set([fn.name]), shared)) out.push(s);
  }
  return out;
}

/** True for a filter driver's NdisFIndicateStatus (its first argument is the NdisFilterHandle). */
export function isFilterIndication(site: Site): boolean {
  return site.kind === 'indication' && site.call.name === 'NdisFIndicateStatus';
}

function markParam(fn: FunctionFacts, v: Value): Value {
  if (v.how !== 'assign' && v.how !== 'init') return v;
  const k = paramIndex(fn, v.expr);
  return k >= 0 ? { ...v, how: 'param', param: k } : v;
}

/**
 * Every site of the workspace, found through the call index rather than by reading every call.
 * Each function's sites are resolved within a work budget; a function that runs out has no sites
 * and is noted in `skipped`.
 */
export function allSites(ws: WorkspaceIndex, skipped?: SkippedFunction[]): Site[] {
  const ordered = functionsWithSites(ws);
  const out: Site[] = [];
  const shared = newExpansion(ordered.length);
  for (const fn of ordered) {
    try {
      for (const s of sitesOf(ws, fn, shared)) out.push(s);
    } catch (e) {
      keptSites.delete(fn);
      skipped?.push(functionSkipNote(fn, 'values', e));
    }
  }
  return out;
}

/**
 * The functions that hold a site, kept while every lookup that found them answers the same (an edit
 * that leaves the callers of the indication calls, the handler aliases and the functions that may hold
 * an event as they were makes none).
 */
const withSites = new WeakMap<WorkspaceIndex, Kept<FunctionFacts[]>>();

function functionsWithSites(ws: WorkspaceIndex): FunctionFacts[] {
  const kept = ws.keep(withSites.get(ws), () => {
    const callers = new Set<FunctionFacts>();
    for (const name of [...INDICATION_CALLS, 'NdisTcpOffloadEventHandler', ...ws.handlerNames()]) for (const c of ws.callersOf(name)) callers.add(c.fn);
    const callerUris = new Set<string>();
    for (const fn of callers) callerUris.add(fn.uri);
    const eventLike = new Map(ws.filesWith('eventLike', eventLikeIn).map((f) => [f.uri, f.items]));
    // Functions in index order (files in uri order, each file's in its order), so results never depend
    // on the order of a Set of names; only the files that hold one of them are looked through.
    const ordered: FunctionFacts[] = [];
    for (const uri of [...new Set([...callerUris, ...eventLike.keys()])].sort()) {
      const pool = callerUris.has(uri) ? (ws.files.get(uri)?.functions ?? []) : eventLike.get(uri)!;
      for (const f of pool) if (callers.has(f) || (mayHoldEventCall(f) && holdsEventCall(ws, f))) ordered.push(f);
    }
    return ordered;
  });
  withSites.set(ws, kept);
  return kept.value;
}

/** One function's sites and the caller expansions they took from the workspace's share. */
interface FunctionSites {
  sites: Site[];
  used: number;
  /** The share never ran out while they were expanded (so the same work, started with more left, gives the same sites). */
  clear: boolean;
}

/**
 * Each function's sites, kept across edits with the lookups that made them (WorkspaceIndex.keep): an
 * edit elsewhere leaves them as they are. Their values hold the facts' own locations, which an edit
 * above the function moves in place. The workspace's share of caller expansions is what ties one
 * function's sites to the others': a kept result is reused only when it never ran out of that share and
 * what is left now covers it again, so the sites equal a fresh analysis's.
 */
const keptSites = new WeakMap<FunctionFacts, Kept<FunctionSites>>();

function sitesOf(ws: WorkspaceIndex, fn: FunctionFacts, shared: Expansion): Site[] {
  const cached = keptSites.get(fn);
  const usable = cached && cached.value.clear && shared.left - cached.value.used > 0 ? cached : undefined;
  const before = shared.left;
  const kept = ws.keep(usable, () => {
    const sites = withBudget(budgetFor(fn.span.end - fn.span.start), () => [...indicationSites(ws, fn, shared), ...eventSites(ws, fn, shared)]);
    // Those that came out as they were keep their old objects (and what is kept per site).
    return { sites: reuseSites(cached?.value.sites, sites), used: before - shared.left, clear: shared.left > 0 };
  });
  if (kept === usable) shared.left -= kept.value.used;
  keptSites.set(fn, kept);
  return kept.value.sites;
}

function newExpansion(functionsWithSites: number): Expansion {
  return { left: workspaceExpansions(functionsWithSites), args: new WeakMap() };
}

/** argValue for an argument of a call, once per analysis. */
function argValueOnce(ws: WorkspaceIndex, shared: Expansion, caller: FunctionFacts, arg: { text: string; loc: Loc }): Value[] {
  let v = shared.args.get(arg);
  if (!v) shared.args.set(arg, (v = argValue(ws, caller, arg.text, arg.loc)));
  return v;
}

/** Follows parameter-dependent values to every caller; a site with none is final. */
function expand(ws: WorkspaceIndex, site: Site, depth: number, seen: Set<string>, shared: Expansion, budget = { left: MAX_EXPANDED }): Site[] {
  const dependent = [...site.values.values()].some((vs) => vs.some((v) => v.how === 'param' || v.how === 'caller'));
  if (!dependent) return [site];
  const callers = callersReaching(ws, site.context);
  if (callers.length === 0 || depth >= MAX_CALLER_DEPTH || budget.left <= 0 || shared.left <= 0) return [{ ...site, rootReached: callers.length === 0 }];
  // The site as its own function sees it comes first: rules that compare values written there use it.
  const out: Site[] = depth === 0 ? [site] : [];
  for (const { fn: caller, call } of callers) {
    if (seen.has(caller.name)) continue; // recursion
    if (--budget.left < 0 || --shared.left < 0) break;
    for (const s of throughCaller(ws, site, caller, call, depth, seen, shared, budget)) out.push(s);
  }
  return out.length > (depth === 0 ? 1 : 0) ? out : [...out.filter((s) => s !== site), { ...site, rootReached: true }];
}

/** What one caller's expansion gave, kept with its input and the lookups it made (throughCaller). */
interface CallerExpansion {
  kind: Site['kind'];
  input: Map<string, Value[]>;
  kept: Kept<{ sites: Site[]; used: number; clear: boolean }>;
}

/** Per call of a caller, per site call, per path of names (the `seen` of expand), the last expansion through that call. */
const throughKept = new WeakMap<CallSite, WeakMap<CallSite, Map<string, CallerExpansion>>>();

/**
 * The sites `site` expands into seen from `caller` through its `call`, kept across edits: a letter typed in
 * one caller of a wrapper called from hundreds of places works out again only the expansions through the
 * callers whose lookups answer differently. Reused only when the same values came in along the same path
 * of names, every lookup answers the same, the expansion never ran out of a share and what is left now
 * covers it again (so it equals a fresh one, as sitesOf's kept results do).
 */
function throughCaller(ws: WorkspaceIndex, site: Site, caller: FunctionFacts, call: CallSite, depth: number, seen: Set<string>, shared: Expansion, budget: { left: number }): Site[] {
  let bySite = throughKept.get(call);
  if (!bySite) throughKept.set(call, (bySite = new WeakMap()));
  let byPath = bySite.get(site.call);
  if (!byPath) bySite.set(site.call, (byPath = new Map()));
  const path = [...seen].join('\n');
  const was = byPath.get(path);
  const room = Math.min(budget.left, shared.left);
  const usable = was && was.kind === site.kind && was.kept.value.clear && room - was.kept.value.used > 0 && sameValues(was.input, site.values) ? was.kept : undefined;
  const before = shared.left;
  const kept = ws.keep(usable, () => {
    const sites = expandThrough(ws, site, caller, call, depth, seen, shared, budget);
    // (In a run that never ran out, both counts went down by the same number.)
    return { sites, used: before - shared.left, clear: budget.left > 0 && shared.left > 0 };
  });
  if (kept === usable) {
    budget.left -= kept.value.used;
    shared.left -= kept.value.used;
  } else byPath.set(path, { kind: site.kind, input: site.values, kept });
  return kept.value.sites;
}

/** Expansions through one caller worked out (not kept) since the process started: tests read it. */
let throughMade = 0;
export function callerExpansionsMade(): number {
  return throughMade;
}

function expandThrough(ws: WorkspaceIndex, site: Site, caller: FunctionFacts, call: CallSite, depth: number, seen: Set<string>, shared: Expansion, budget: { left: number }): Site[] {
  throughMade++;
  const values = new Map<string, Value[]>();
  for (const [key, vals] of site.values) {
    values.set(
      key,
      vals.flatMap((v): Value[] => {
        if (v.how === 'param' && v.param !== undefined) {
          const arg = call.args[v.param];
          if (!arg) return [{ ...v, how: 'unknown' }];
          return argValueOnce(ws, shared, caller, arg).map((x) => ({ ...x, via: [call.at, ...v.via, ...x.via] }));
        }
        if (v.how === 'caller' && v.param !== undefined) {
          const arg = call.args[v.param];
          if (!arg) return [{ ...v, how: 'unknown' }];
          const base = objectValuesAt(ws, caller, objectOfArg(arg.text).obj, call.at.start, [key]).get(key)!;
          return base.map((x) => markParam(caller, { ...x, via: [call.at, ...v.via, ...x.via] }));
        }
        return [v];
      }),
    );
  }
  return expand(ws, { ...site, context: caller, values, local: false }, depth + 1, new Set([...seen, caller.name]), shared, budget);
}
