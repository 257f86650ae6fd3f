// Path-sensitive protocol checking: every path of every function that makes
// protocol events is walked over its control-flow graph with the state of the
// protocol model (server/src/protocol/model.ts), so the analyzer and the
// simulator agree on what is a violation. Findings carry the path that leads there.
import type { RawFinding, RelatedStep } from '../../rules/types';
import type { WorkspaceIndex } from '../workspace';
import type { FunctionFacts } from '../facts';
import type { Cfg } from '../cfg';
import type { Loc } from '../source';
import { isHeld, step, STATE_LABEL, type OffloadState, type ProtocolEvent } from '../../protocol/model';
import { EventIndex, type ProtoEvent } from './events';
import { Roles } from './roles';
import { allSites, type Site } from '../sites';
import { setAttributesFindings } from './attributes';

interface PathState {
  proto: OffloadState;
  /** The return statement this path took, if any (reported there when it exits still paused). */
  ret?: number;
  /** Inside MiniportInitiateOffload before NdisMInitiateOffloadComplete. */
  window: boolean;
  /** A branch condition on this path says the target is paused. */
  pausedCond: boolean;
}

const key = (s: PathState) => `${s.proto}|${s.window ? 1 : 0}|${s.pausedCond ? 1 : 0}|${s.ret ?? ''}`;

interface Visit {
  node: number;
  state: PathState;
  /** How we got here: the previous visit, the edge label, and the events of this node. */
  prev?: string;
  edge?: { label: string; at?: number };
  steps: RelatedStep[];
}

const EVENT_WORDS: Partial<Record<ProtoEvent['kind'], string>> = {
  pause: 'pause indicated here',
  uploadAll: 'upload-all indicated here',
  resume: 'resume indicated here',
  wait: 'waits here for the terminates to complete',
  capabilityChange: 'connection-offload capabilities change here',
};

export function protocolFindings(
  ws: WorkspaceIndex,
  sites: Site[] | undefined,
  cfgOf: (fn: FunctionFacts) => Cfg | undefined = (fn) => fn.cfg,
  index?: EventIndex,
): RawFinding[] {
  const all = sites ?? allSites(ws);
  const events = index ?? new EventIndex(ws, new Roles(ws), all);
  const roles = events.rolesIndex;
  const out: RawFinding[] = [];
  const chimneyUsed = events.anywhere('pause') || events.anywhere('uploadAll') || events.anywhere('resume') || all.some((s) => s.kind === 'event');
  const holdsAnywhere = events.anywhere('pause') || events.anywhere('uploadAll');
  const resumesAnywhere = events.anywhere('resume');
  const initFns = initializeClosure(ws, roles);

  for (const fn of events.functionsToWalk()) {
    const evs = events.eventsOf(fn);
    // Only events that can break the protocol make a path worth walking (a lone wait cannot).
    if (!evs.some((e) => e.kind !== 'wait' && e.kind !== 'initiateComplete')) continue;
    const cfg = cfgOf(fn);
    if (!cfg) continue;
    const direct = events.directOf(fn);
    // Driver-wide facts that no single path can show.
    for (const e of direct) {
      if ((e.kind === 'pause' || e.kind === 'uploadAll') && !resumesAnywhere) {
        const what = e.kind === 'pause' ? 'paused' : 'stopped by an upload-all';
        out.push({ rule: 'protocol/pause-never-resumed', loc: e.loc, message: `Offloading is ${what} here but no NDIS_STATUS_OFFLOAD_RESUME is indicated anywhere in the driver: the host stack will never offload to this target again.`, steps: [{ loc: e.loc, message: `${e.kind === 'pause' ? 'pause' : 'upload-all'} indicated here`, state: e.kind === 'pause' ? 'paused' : 'uploading', event: e.kind }] });
      }
      if (e.kind === 'resume' && !holdsAnywhere) {
        out.push({ rule: 'protocol/resume-without-pause', loc: e.loc, message: 'Resume is indicated here but the driver never pauses offloading or requests an upload-all: there is nothing to resume.', steps: [{ loc: e.loc, message: 'resume indicated here', state: 'offloading', event: 'resume' }] });
      }
      if (e.kind === 'capabilityChange' && chimneyUsed && !holdsAnywhere && !initFns.has(fn.name)) {
        out.push({ rule: 'protocol/capability-change-outside-pause', loc: e.loc, message: 'The connection-offload capabilities change here, but the driver never pauses offloading and uploads the connections: a target must pause, upload all, change the configuration and then resume.', steps: [{ loc: e.loc, message: 'capabilities change here', event: 'capabilityChange' }] });
      }
    }
    const pausesAndResumes = evs.some((e) => e.kind === 'pause' || e.kind === 'uploadAll') && evs.some((e) => e.kind === 'resume');
    out.push(...walk(fn, cfg, evs, {
      checkExit: pausesAndResumes,
      initiateHandler: roles.has(fn.name, 'initiateOffload'),
      skipCapability: initFns.has(fn.name),
    }));
  }
  out.push(...setAttributesFindings(ws, roles, initFns));
  return out;
}

/** MiniportInitializeEx and every function reachable only from it (asked per name, memoised). */
function initializeClosure(ws: WorkspaceIndex, roles: Roles): { has(name: string): boolean } {
  const memo = new Map<string, boolean>();
  const inInit = (name: string): boolean => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    if (roles.has(name, 'initialize')) return memo.set(name, true), true;
    memo.set(name, false); // a cycle through this name does not make it init-only
    const callers = ws.callersOf(name).filter((c) => c.call.callee === name);
    const result = callers.length > 0 && callers.every((c) => inInit(c.fn.name));
    memo.set(name, result);
    return result;
  };
  return { has: inInit };
}

interface WalkOptions {
  checkExit: boolean;
  initiateHandler: boolean;
  skipCapability: boolean;
}

function walk(fn: FunctionFacts, cfg: Cfg, evs: ProtoEvent[], opts: WalkOptions): RawFinding[] {
  // Events of each node, in order.
  const at = new Map<number, ProtoEvent[]>();
  for (const e of evs) {
    for (const n of nodesAt(cfg.nodes, e.offset)) {
      const list = at.get(n) ?? [];
      list.push(e);
      at.set(n, list);
    }
  }
  const visits = new Map<string, Visit>();
  const findings = new Map<string, RawFinding>();
  const start: PathState = { proto: 'unknown', window: opts.initiateHandler, pausedCond: false };
  const queue: string[] = [];
  const enter = (node: number, state: PathState, prev: string | undefined, edge: Visit['edge']) => {
    const k = `${node}#${key(state)}`;
    if (visits.has(k)) return;
    visits.set(k, { node, state, prev, edge, steps: [] });
    queue.push(k);
  };
  enter(cfg.entry, start, undefined, undefined);
  let budget = 20000;
  while (queue.length && budget-- > 0) {
    const k = queue.shift()!;
    const v = visits.get(k)!;
    let s = { ...v.state };
    const node = cfg.nodes[v.node];
    const report = (rule: RawFinding['rule'], loc: Loc, message: string, last: RelatedStep, fix?: RawFinding['fix']) => {
      const fk = `${rule}|${loc.start}`;
      if (findings.has(fk)) return;
      findings.set(fk, { rule, loc, message, steps: [...trace(visits, k, fn, cfg), ...v.steps, last], fix });
    };
    for (const e of at.get(v.node) ?? []) {
      const modelEvent = toModel(e, s);
      if (modelEvent) {
        const t = step(e.kind === 'initiateError' && s.pausedCond && s.proto === 'unknown' ? 'paused' : s.proto, modelEvent);
        const stepInfo: RelatedStep = { loc: e.loc, message: `${EVENT_WORDS[e.kind] ?? e.kind}${e.through ? ` (in ${e.through})` : ''}`, state: t.next, event: modelEvent.kind };
        if (t.violation && !(modelEvent.kind === 'capabilityChange' && opts.skipCapability)) {
          const fix = t.violation.rule === 'protocol/send-completed-paused' ? { title: 'Complete with NDIS_STATUS_UPLOAD_IN_PROGRESS', loc: e.loc, newText: 'NDIS_STATUS_UPLOAD_IN_PROGRESS' } : undefined;
          report(t.violation.rule, e.loc, messageFor(t.violation.rule, e, s.proto), { ...stepInfo, message: `${stepInfo.message}: ${t.violation.reason}` }, fix);
        }
        if (e.kind !== 'initiateError' && e.kind !== 'sendPaused') s = { ...s, proto: t.next === 'unknown' ? s.proto : t.next };
        if (EVENT_WORDS[e.kind]) v.steps.push(stepInfo);
      }
      if (e.kind === 'initiateComplete') s = { ...s, window: false };
      if (e.kind === 'indication' && s.window) {
        report('protocol/indication-in-initiate-window', e.loc, 'An indication is made inside MiniportInitiateOffload before NdisMInitiateOffloadComplete has returned; the documentation recommends waiting until the initiate has completed.', { loc: e.loc, message: 'indication made while the initiate is in progress' });
      }
    }
    if (node.kind === 'return') s = { ...s, ret: v.node };
    if (node.kind === 'exit') {
      if (opts.checkExit) {
        const t = step(s.proto, { kind: 'exit' });
        if (t.violation) {
          const at = s.ret !== undefined ? cfg.nodes[s.ret] : node;
          const loc: Loc = { uri: fn.uri, start: at.start, end: at.end };
          // The fix repeats the function's own resume (its wrapper call, as written) before this exit.
          const resume = evs.find((x) => x.kind === 'resume');
          const fix = resume && s.ret !== undefined ? { title: 'Resume offloading before returning', before: loc, copyOf: resume.loc } : undefined;
          report('protocol/pause-without-resume', loc, `${fn.name} returns here with offloading still ${STATE_LABEL[s.proto]}: a path from the pause reaches this exit without NDIS_STATUS_OFFLOAD_RESUME, so the host stack never offloads to the target again.`, { loc, message: `returns here, offload still ${STATE_LABEL[s.proto]}`, state: s.proto, event: 'exit' }, fix);
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
  for (const f of findings.values()) {
    if (f.rule !== 'protocol/pause-without-resume' || !f.fix) continue;
    const r = cfg.nodes.findIndex((n) => n.kind === 'return' && n.start === f.loc.start);
    if (sharedReturns.has(r)) f.fix = undefined;
  }
  return [...findings.values()];
}

function toModel(e: ProtoEvent, s: PathState): ProtocolEvent | undefined {
  switch (e.kind) {
    case 'pause':
      return { kind: 'pause' };
    case 'uploadAll':
      return { kind: 'uploadAll' };
    case 'resume':
      return { kind: 'resume' };
    case 'wait':
      return { kind: 'terminatesCompleted' };
    case 'capabilityChange':
      return { kind: 'capabilityChange' };
    case 'sendPaused':
      return { kind: 'sendComplete', status: e.status ?? '' };
    case 'initiateError':
      return s.pausedCond ? { kind: 'initiateArrives', rejected: true } : undefined;
    default:
      return undefined;
  }
}

function messageFor(rule: string, e: ProtoEvent, before: OffloadState): string {
  switch (rule) {
    case 'protocol/resume-before-upload-drain':
      return 'Resume is indicated after NDIS_STATUS_UPLOAD_ALL with nothing on this path that waits for the terminates to complete; resume only once every MiniportTerminateOffload has been completed.';
    case 'protocol/resume-without-pause':
      return 'Resume is indicated on a path where offloading was already resumed (or never paused).';
    case 'protocol/capability-change-outside-pause':
      return `The connection-offload capabilities change while offloading is ${STATE_LABEL[before]}; pause, upload all, wait for the terminates, change the configuration, then resume.`;
    case 'protocol/initiate-rejected-while-paused':
      return `MiniportInitiateOffload fails the request with ${e.status} because the target is paused; after a pause, initiate requests that still arrive must be queued and processed later.`;
    case 'protocol/send-completed-paused':
      return 'An offloaded send is completed with NDIS_STATUS_PAUSED; while an upload is pending, complete it with NDIS_STATUS_UPLOAD_IN_PROGRESS so the host stack requeues the data.';
    default:
      return rule;
  }
}

/** The innermost nodes holding an offset; a __finally block built twice has two. */
function nodesAt(nodes: { start: number; end: number; kind: string }[], offset: number): number[] {
  let best: number[] = [];
  let size = Infinity;
  nodes.forEach((n, i) => {
    if (n.kind === 'join' || n.kind === 'entry') return;
    if (n.start <= offset && offset < n.end) {
      const sz = n.end - n.start;
      if (sz < size) {
        best = [i];
        size = sz;
      } else if (sz === size) best.push(i);
    }
  });
  return best;
}

/** The steps of the path to visit `k`: protocol events and the branches taken after the first of them. */
function trace(visits: Map<string, Visit>, k: string, fn: FunctionFacts, cfg: Cfg): RelatedStep[] {
  const chain: Visit[] = [];
  let cur: string | undefined = visits.get(k)?.prev;
  let guard = 0;
  while (cur && guard++ < 10000) {
    const v = visits.get(cur);
    if (!v) break;
    chain.push(v);
    cur = v.prev;
  }
  chain.reverse();
  const steps: RelatedStep[] = [];
  let started = false;
  const self = visits.get(k);
  for (const v of [...chain, ...(self ? [self] : [])]) {
    if (started && v.edge) steps.push({ loc: { uri: fn.uri, start: v.edge.at ?? cfg.nodes[v.node].start, end: (v.edge.at ?? cfg.nodes[v.node].start) + 1 }, message: `branch taken: ${v.edge.label}`, state: v.state.proto });
    if (v !== self) {
      steps.push(...v.steps);
      if (v.steps.length) started = true;
    }
  }
  return steps;
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
