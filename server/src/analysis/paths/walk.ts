// Path-sensitive protocol analysis: every path of every function that makes
// protocol events is walked over its control-flow graph with the state of the
// protocol model (server/src/protocol/model.ts), so the analyzer and the
// simulator agree on what is a violation. Each violation carries the path that
// leads there; the protocol rules (../../rules/protocol/) turn them into findings.
import type { RelatedStep } from '../findings';
import type { WorkspaceIndex } from '../workspace';
import type { FunctionFacts } from '../facts';
import { nodesHolding, type Cfg, type CfgNode } from '../cfg';
import type { Loc } from '../source';
import { describeEvent, isHeld, movesState, step, STATE_LABEL, type OffloadState, type ProtocolEvent, type ProtocolRuleId } from '../../protocol/model';
import { canBreakProtocol, EventIndex, type ProtoEvent } from './events';
import { Roles } from './roles';
import { allSites, type Site } from '../sites';
import type { SkippedFunction } from '../facts';
import { budgetFor, charge, withBudget } from '../budget';
import { functionSkipNote } from '../skipNote';
import { locWithin } from '../shiftFacts';
import { callsName } from '../calls';

/** One place where a path breaks the protocol model. */
export interface PathViolation {
  rule: ProtocolRuleId;
  /** Why, in the model's words. */
  reason: string;
  fn: FunctionFacts;
  loc: Loc;
  /** The event that broke the protocol (an `exit` for a return that leaves offloading held). */
  event: ProtocolEvent;
  /** The protocol state just before the event. */
  before: OffloadState;
  /** The path from the function's first protocol event to here, the violating step last. */
  steps: RelatedStep[];
  /** For a return left held: the function's own resume, to repeat before it (absent when the return is shared by resumed paths). */
  resumeToCopy?: Loc;
  /** The path passes a call the workspace does not define, which may have done what the violation says is missing. */
  uncertain?: { name: string; loc: Loc };
  /** Calls in callers that reach this defect without adding to it (reported here once, not at each caller). */
  reachedFrom: { fn: string; loc: Loc }[];
}

/** A function whose paths were not all walked: said, never dropped silently. */
export interface WalkLimit {
  fn: FunctionFacts;
  message: string;
}

/** What the protocol rules read: the walked paths and the driver-wide facts no single path shows. */
export interface ProtocolAnalysis {
  ws: WorkspaceIndex;
  events: EventIndex;
  roles: Roles;
  /** MiniportInitializeEx and the functions reachable only from it. */
  initFns: { has(name: string): boolean };
  /** Every indication and offload-event site of the workspace. */
  sites: Site[];
  /** Functions whose paths were walked, in workspace order. */
  walked: FunctionFacts[];
  violations: PathViolation[];
  /** Functions whose walk stopped at its budget. */
  limits: WalkLimit[];
  /** Per walked function, how its distinct kinds of path end (what the "Replay" lenses play). */
  paths: Map<FunctionFacts, PathOutcome[]>;
}

/** How one kind of path through a function ends, with the steps that lead there. */
export interface PathOutcome {
  /** The return statement the path leaves by; undefined when it runs off the end of the body. */
  ret?: Loc;
  /** The protocol state when the function returns. */
  end: OffloadState;
  /** The violation the return itself raises (offloading still held), when the walk checks returns. */
  exitViolation?: ProtocolRuleId;
  /** Violations raised along the path, in order. */
  violations: ProtocolRuleId[];
  /** Protocol events and branch decisions (from the first event on), the return last. */
  steps: RelatedStep[];
}

interface PathState {
  proto: OffloadState;
  /** Offset of the event that last moved `proto`: a call's summary when it came through one. */
  setBy?: number;
  /** A call to a function the workspace does not define, made while an upload-all may be draining. */
  unknown?: { name: string; loc: Loc };
  /** The return statement this path took, if any (reported there when it exits still paused). */
  ret?: number;
  /** Inside MiniportInitiateOffload before NdisMInitiateOffloadComplete. */
  window: boolean;
  /** A branch condition on this path says the target is paused. */
  pausedCond: boolean;
}

const key = (s: PathState) => `${s.proto}|${s.window ? 1 : 0}|${s.pausedCond ? 1 : 0}|${s.ret ?? ''}|${s.setBy ?? ''}|${s.unknown ? 1 : 0}`;

interface Visit {
  node: number;
  state: PathState;
  /** How we got here: the previous visit, the edge label, and the events of this node. */
  prev?: string;
  edge?: { label: string; at?: number };
  steps: RelatedStep[];
  /** Violations raised at this node on this path. */
  bad?: ProtocolRuleId[];
}

/**
 * Walks every function that can break the protocol; `cfgOf` supplies control-flow graphs on demand.
 * Each function is walked within a work budget: one that runs out is noted in `skipped` and left out.
 */
export function analyzeProtocol(
  ws: WorkspaceIndex,
  sites: Site[] | undefined,
  cfgOf: (fn: FunctionFacts) => Cfg | undefined = (fn) => fn.cfg,
  index?: EventIndex,
  /** Functions the user says wait for the terminates of an upload-all (setting ndisOffload.terminateWaits). */
  waits: ReadonlySet<string> = new Set(),
  skipped?: SkippedFunction[],
): ProtocolAnalysis {
  const all = sites ?? allSites(ws);
  const events = index ?? new EventIndex(ws, Roles.of(ws), all);
  const roles = events.rolesIndex;
  const initFns = initializeClosure(ws, roles);
  const walked: FunctionFacts[] = [];
  const violations: PathViolation[] = [];
  const limits: WalkLimit[] = [];
  /** Defects found inside a callee while walking a caller: callee name -> the calls that reach it. */
  const passedThrough: { callee: string; rule: ProtocolRuleId; fn: string; loc: Loc }[] = [];
  const paths = new Map<FunctionFacts, PathOutcome[]>();
  for (const fn of events.functionsToWalk()) {
    const evs = events.eventsOf(fn);
    // Only events that can break the protocol make a path worth walking (a lone wait cannot).
    if (!evs.some((e) => canBreakProtocol(e.event.kind))) continue;
    const holds = evs.some((e) => e.event.kind === 'pause' || e.event.kind === 'uploadAll');
    const uploads = evs.some((e) => e.event.kind === 'uploadAll');
    let r: WalkResult | undefined;
    try {
      r = withBudget(budgetFor(fn.span.end - fn.span.start), () => {
        const cfg = cfgOf(fn);
        if (!cfg) return undefined;
        return walk(fn, cfg, evs, {
          checkExit: holds && evs.some((e) => e.event.kind === 'resume'),
          initiateHandler: roles.has(fn.name, 'initiateOffload'),
          skipCapability: initFns.has(fn.name),
          external: uploads ? externalCalls(ws, fn, cfg, waits) : new Map(),
        });
      });
    } catch (e) {
      skipped?.push(functionSkipNote(fn, 'paths', e));
      continue;
    }
    if (!r) continue;
    walked.push(fn);
    for (const v of r.violations) violations.push(v);
    paths.set(fn, r.outcomes);
    for (const p of r.passedThrough) passedThrough.push(p);
    if (r.exhausted) limits.push({ fn, message: `the paths of ${fn.name} were not all walked: more than ${WALK_BUDGET} path states` });
  }
  // A defect inside a callee is reported once, in the callee; the callers that reach it (through any
  // number of pass-through levels) are its related steps.
  for (const v of violations) {
    const work = [v.fn.name];
    const seen = new Set(work);
    while (work.length) {
      const callee = work.pop()!;
      for (const p of passedThrough) {
        if (p.callee !== callee || p.rule !== v.rule || v.reachedFrom.some((x) => x.loc === p.loc)) continue;
        v.reachedFrom.push({ fn: p.fn, loc: p.loc });
        if (!seen.has(p.fn)) seen.add(p.fn), work.push(p.fn);
      }
    }
  }
  return { ws, events, roles, initFns, sites: all, walked, violations, limits, paths };
}

/**
 * MiniportInitializeEx and every function reachable only from it (asked per name, memoised).
 * A name is init-only when it has callers and every one of them is; the question climbs the call
 * graph on a stack of its own, since a call chain can be as long as the workspace is large.
 */
function initializeClosure(ws: WorkspaceIndex, roles: Roles): { has(name: string): boolean } {
  const memo = new Map<string, boolean>();
  const inInit = (name: string): boolean => {
    const frames: { name: string; callers: string[]; i: number }[] = [];
    /** The answer for `n` when it is known at once; otherwise a frame is pushed to work it out. */
    const start = (n: string): boolean | undefined => {
      const known = memo.get(n);
      if (known !== undefined) return known;
      if (roles.has(n, 'initialize')) return memo.set(n, true), true;
      memo.set(n, false); // a cycle through this name does not make it init-only
      const callers = ws.callersOf(n).filter((c) => callsName(ws, c, n)).map((c) => c.fn.name);
      if (callers.length === 0) return false;
      frames.push({ name: n, callers, i: 0 });
      return undefined;
    };
    const first = start(name);
    if (first !== undefined) return first;
    // `answer` is the last answer found: false settles the frame waiting for it; true lets it go on.
    let answer = true;
    while (frames.length) {
      const f = frames[frames.length - 1];
      if (!answer || f.i === f.callers.length) {
        memo.set(f.name, answer);
        frames.pop();
        continue;
      }
      answer = start(f.callers[f.i++]) ?? true;
    }
    return memo.get(name)!;
  };
  return { has: inInit };
}

interface WalkOptions {
  checkExit: boolean;
  initiateHandler: boolean;
  skipCapability: boolean;
  /** CFG node -> calls in it to functions the workspace does not define. */
  external: Map<number, { name: string; loc: Loc }[]>;
}

const WALK_BUDGET = 20000;

/** Calls an NDIS driver makes that cannot wait for the terminates of an upload-all (the WDK's own APIs and CRT helpers). */
const PLATFORM_CALL = /^(Ndis|Ke|Ex|Rtl|Io|Mm|Ob|Ps|Se|Zw|Nt|Wdf|Wmi|Etw|Dbg|Kd|Interlocked|Read|Write|Trace|WPP|NT_|mem|str|wcs|sprintf|RtlString)|^(ASSERT|NT_ASSERT|sizeof|min|max|UNREFERENCED_PARAMETER)$/;

/** Per CFG node, the calls to functions the workspace does not define (their effect is unknown). */
function externalCalls(ws: WorkspaceIndex, fn: FunctionFacts, cfg: Cfg, waits: ReadonlySet<string>): Map<number, { name: string; loc: Loc }[]> {
  const out = new Map<number, { name: string; loc: Loc }[]>();
  for (const c of fn.calls) {
    if (c.callee !== c.name || waits.has(c.name) || PLATFORM_CALL.test(c.name)) continue;
    if (ws.hasFunction(c.name) || ws.macro(c.name)) continue;
    for (const n of nodesHolding(cfg, c.at.start)) {
      const list = out.get(n) ?? [];
      list.push({ name: c.name, loc: c.at });
      out.set(n, list);
    }
  }
  return out;
}

/** At most this many distinct path endings are kept per function. */
const MAX_OUTCOMES = 8;

interface WalkResult {
  violations: PathViolation[];
  outcomes: PathOutcome[];
  passedThrough: { callee: string; rule: ProtocolRuleId; fn: string; loc: Loc }[];
  exhausted: boolean;
}

function walk(fn: FunctionFacts, cfg: Cfg, evs: ProtoEvent[], opts: WalkOptions): WalkResult {
  // Events of each node, in order.
  const at = new Map<number, ProtoEvent[]>();
  for (const e of evs) {
    for (const n of nodesHolding(cfg, e.offset)) {
      const list = at.get(n) ?? [];
      list.push(e);
      at.set(n, list);
    }
  }
  const visits = new Map<string, Visit>();
  const found = new Map<string, PathViolation>();
  const passedThrough: WalkResult['passedThrough'] = [];
  const outcomes = new Map<string, PathOutcome>();
  const start: PathState = { proto: 'unknown', window: opts.initiateHandler, pausedCond: false };
  const queue: string[] = [];
  const enter = (node: number, state: PathState, prev: string | undefined, edge: Visit['edge']) => {
    const k = `${node}#${key(state)}`;
    if (visits.has(k)) return;
    visits.set(k, { node, state, prev, edge, steps: [] });
    queue.push(k);
  };
  enter(cfg.entry, start, undefined, undefined);
  let budget = WALK_BUDGET;
  let head = 0;
  while (head < queue.length && budget-- > 0) {
    const k = queue[head++];
    charge(1);
    const v = visits.get(k)!;
    let s = { ...v.state };
    const node = cfg.nodes[v.node];
    const report = (e: ProtocolEvent, before: OffloadState, loc: Loc, violation: { rule: ProtocolRuleId; reason: string }, last: RelatedStep, uncertain?: PathState['unknown']) => {
      (v.bad ??= []).push(violation.rule);
      const fk = `${violation.rule}|${loc.start}`;
      const old = found.get(fk);
      // A certain path outweighs an uncertain one to the same place.
      if (old && (!old.uncertain || uncertain)) return;
      found.set(fk, { ...violation, fn, loc, event: e, before, steps: [...trace(visits, k, fn, cfg), ...v.steps, last], uncertain, reachedFrom: [] });
    };
    for (const pe of at.get(v.node) ?? []) {
      const e = pe.event;
      // A failed initiate is a protocol event only on a path whose condition says the target is paused.
      const applies = e.kind !== 'initiateArrives' || s.pausedCond;
      if (applies) {
        const from = e.kind === 'initiateArrives' && s.proto === 'unknown' ? 'paused' : s.proto;
        const t = step(from, e, s.window);
        const stepInfo: RelatedStep = { loc: pe.loc, message: `${describeEvent(e)}${pe.through ? ` (in ${pe.through})` : ''}`, state: t.next, event: e };
        if (t.violation && !(e.kind === 'capabilityChange' && opts.skipCapability)) {
          if (pe.through && s.setBy === pe.offset) {
            // Both ends of the defect come from one call's summary: it lies inside the callee, which reports it.
            passedThrough.push({ callee: calleeAt(fn, pe.offset) ?? pe.through, rule: t.violation.rule, fn: fn.name, loc: pe.loc });
          } else {
            const maybe = t.violation.rule === 'protocol/resume-before-upload-drain' ? s.unknown : undefined;
            report(e, s.proto, pe.loc, t.violation, { ...stepInfo, message: `${stepInfo.message}: ${t.violation.reason}` }, maybe);
          }
        }
        if (movesState(e.kind)) {
          s = { ...s, proto: t.next === 'unknown' ? s.proto : t.next, setBy: pe.offset, ...(t.next === 'uploading' && e.kind === 'uploadAll' ? { unknown: undefined } : {}) };
          v.steps.push(stepInfo);
        }
      }
      if (e.kind === 'initiateComplete') s = { ...s, window: false };
    }
    // A call the workspace cannot show, made while the terminates may be draining, may be the wait.
    const ext = s.proto === 'uploading' && !s.unknown ? opts.external.get(v.node)?.[0] : undefined;
    if (ext) s = { ...s, unknown: ext };
    if (node.kind === 'return') s = { ...s, ret: v.node };
    if (node.kind === 'exit') {
      const retNode = s.ret !== undefined ? cfg.nodes[s.ret] : undefined;
      // (Locations made from the graph's offsets move with the function: the analysis is kept while no lookup changes.)
      const exitLoc: Loc = retNode ? locWithin(fn, retNode.start, retNode.end - retNode.start) : locWithin(fn, Math.max(fn.span.start, fn.span.end - 1), Math.min(1, fn.span.end - fn.span.start));
      const exitCheck = opts.checkExit ? step(s.proto, { kind: 'exit' }).violation : undefined;
      const ok = `${s.ret ?? 'end'}|${s.proto}|${exitCheck?.rule ?? ''}`;
      if (!outcomes.has(ok) && outcomes.size < MAX_OUTCOMES) {
        const last: RelatedStep = { loc: exitLoc, message: `returns here, offload ${STATE_LABEL[s.proto]}`, state: s.proto, event: { kind: 'exit' } };
        outcomes.set(ok, {
          ...(retNode ? { ret: exitLoc } : {}),
          end: s.proto,
          ...(exitCheck ? { exitViolation: exitCheck.rule } : {}),
          violations: chainViolations(visits, k),
          steps: [...trace(visits, k, fn, cfg), ...v.steps, last],
        });
      }
      if (opts.checkExit) {
        const exit: ProtocolEvent = { kind: 'exit' };
        const t = step(s.proto, exit);
        if (t.violation) {
          const at = s.ret !== undefined ? cfg.nodes[s.ret] : node;
          const loc: Loc = locWithin(fn, at.start, at.end - at.start);
          report(exit, s.proto, loc, t.violation, { loc, message: `returns here, offload still ${STATE_LABEL[s.proto]}`, state: s.proto, event: exit });
          // The fix repeats the function's own resume (its wrapper call, as written) before this return.
          const resume = evs.find((x) => x.event.kind === 'resume');
          const f = found.get(`${t.violation.rule}|${loc.start}`);
          // Not while the terminates may still be draining: a resume there breaks the protocol in turn.
          // Nor before a return inside a macro's expansion: the resume would come before the macro's own test.
          if (f && resume && s.ret !== undefined && s.proto !== 'uploading' && !cfg.nodes[s.ret].macro) f.resumeToCopy = resume.loc;
        }
      }
      continue;
    }
    for (const e of node.succ) {
      const pausedCond = s.pausedCond || (!!e.label && saysPaused(e.label));
      enter(e.to, { ...s, pausedCond }, k, e.label ? { label: e.label, at: e.at } : undefined);
    }
  }
  // A return that some path reaches with offloading resumed is shared (a `goto Exit` label):
  // inserting a resume there would resume twice on those paths, so no fix is offered.
  const sharedReturns = new Set<number>();
  for (const v of visits.values()) if (cfg.nodes[v.node].kind === 'return' && !isHeld(v.state.proto)) sharedReturns.add(v.node);
  for (const f of found.values()) {
    if (f.event.kind !== 'exit' || !f.resumeToCopy) continue;
    const r = cfg.nodes.findIndex((n) => n.kind === 'return' && n.start === f.loc.start);
    if (sharedReturns.has(r)) f.resumeToCopy = undefined;
  }
  return { violations: [...found.values()], outcomes: [...outcomes.values()], passedThrough, exhausted: head < queue.length };
}

/** The name of the function called at `offset` in `fn` (the first link of a summary chain). */
function calleeAt(fn: FunctionFacts, offset: number): string | undefined {
  return fn.calls.find((c) => c.at.start === offset)?.name;
}

/** The violations raised along the path to visit `k`, in order. */
function chainViolations(visits: Map<string, Visit>, k: string): ProtocolRuleId[] {
  const out: ProtocolRuleId[] = [];
  let guard = 0;
  for (let cur: string | undefined = k; cur && guard++ < 10000; cur = visits.get(cur)?.prev) out.unshift(...(visits.get(cur)?.bad ?? []));
  return out;
}


/** The steps of the path to visit `k`: protocol events and the branches taken after the first of them. */
function trace(visits: Map<string, Visit>, k: string, fn: FunctionFacts, cfg: Cfg): RelatedStep[] {
  const chain: Visit[] = [];
  let cur: string | undefined = visits.get(k)?.prev;
  let guard = 0;
  while (cur && guard++ < 10000) {
    charge(1);
    const v = visits.get(cur);
    if (!v) break;
    chain.push(v);
    cur = v.prev;
  }
  chain.reverse();
  const steps: RelatedStep[] = [];
  let started = false;
  const self = visits.get(k);
  // The step that says what the macro use being walked through expands to (branches inside it are added to it).
  let inMacro: { macro: CfgNode['macro']; step?: RelatedStep } | undefined;
  for (const v of [...chain, ...(self ? [self] : [])]) {
    const node = cfg.nodes[v.node];
    if (!node.macro) inMacro = undefined;
    else if (inMacro?.macro !== node.macro) {
      inMacro = { macro: node.macro };
      if (started) {
        inMacro.step = { loc: locWithin(fn, node.start, node.end - node.start), message: `${node.macro.name} expands here to: ${shortText(node.macro.text)}`, state: v.state.proto };
        steps.push(inMacro.step);
      }
    }
    if (started && v.edge && inMacro?.step) {
      inMacro.step.message += `; branch taken: ${v.edge.label}`;
      inMacro.step.branch = inMacro.step.branch ? `${inMacro.step.branch}, ${v.edge.label}` : v.edge.label;
    } else if (started && v.edge) steps.push({ loc: locWithin(fn, v.edge.at ?? cfg.nodes[v.node].start, 1), message: `branch taken: ${v.edge.label}`, state: v.state.proto, branch: v.edge.label });
    if (v !== self) {
      for (const x of v.steps) steps.push(x);
      if (v.steps.length) started = true;
    }
  }
  return steps;
}


/** A macro expansion as shown in a step (long ones cut). */
function shortText(t: string): string {
  return t.length > 200 ? `${t.slice(0, 197)}...` : t;
}

/** True when taking a branch with this condition means the target is paused (`Paused`, `!(!Paused)`, `Paused == TRUE`). */
export function saysPaused(label: string): boolean {
  let t = label.replace(/\s+/g, '');
  let positive = true;
  for (;;) {
    const m = /^!\((.*)\)$/.exec(t) ?? /^!([\w.>-]+)$/.exec(t);
    if (!m) break;
    positive = !positive;
    t = m[1];
  }
  const cmp = /^(.*?)(==|!=)(FALSE|TRUE|0|1)$/.exec(t);
  if (cmp) {
    t = cmp[1];
    const truthy = cmp[3] === 'TRUE' || cmp[3] === '1';
    if ((cmp[2] === '==') !== truthy) positive = !positive;
  }
  if (/&&|\|\|/.test(t)) return false; // compound conditions: not judged
  return positive && /paus/i.test(t);
}
