// The protocol events of each function, placed at offsets: chimney indications
// (directly or through wrappers), waits, capability changes, send completions,
// initiate failures, and the events of the functions it calls (their summaries).
// Events are the protocol model's own (../../protocol/model.ts): nothing is renamed on the way.
import type { FileFacts, FunctionFacts } from '../facts';
import type { Loc } from '../source';
import type { Kept, WorkspaceIndex } from '../workspace';
import { isOffloadEventCall, type Site } from '../sites';
import { evaluate } from '../evaluate';
import { readCodes } from '../statusCode';
import { norm } from '../syntax';
import { calleeOf, callsName } from '../calls';
import { movesState, type ProtocolEvent, type ProtocolEventKind } from '../../protocol/model';
import type { Roles } from './roles';

export interface ProtoEvent {
  event: ProtocolEvent;
  offset: number;
  loc: Loc;
  /** For summaries: the function whose body made the event. */
  through?: string;
}

/** Calls that block until an event is signalled: the idiom for "the terminates have completed". */
const WAITS = new Set(['NdisWaitEvent', 'KeWaitForSingleObject', 'KeWaitForMultipleObjects', 'NdisMWaitForTerminates']);
/** Fields of NDIS_TCP_CONNECTION_OFFLOAD a capability change writes. */
const CAPABILITY_FIELDS = new Set(['SupportIPv4', 'SupportIPv6', 'SupportIPv6ExtensionHeaders', 'SupportSack', 'TcpConnectionOffloadCapacity']);
const INDICATIONS = new Set(['NdisMIndicateStatusEx', 'NdisMOffloadEventIndicate', 'NdisTcpOffloadEventHandler', 'NdisTcpOffloadReceiveHandler']);

export class EventIndex {
  private readonly direct = new Map<FunctionFacts, ProtoEvent[]>();
  private readonly summaries = new Map<FunctionFacts, ProtoEvent[]>();

  constructor(
    private readonly ws: WorkspaceIndex,
    private readonly roles: Roles,
    sites: Site[],
    /** Functions the user says wait for the terminates of an upload-all (setting ndisOffload.terminateWaits). */
    waits: ReadonlySet<string> = new Set(),
  ) {
    const add = (fn: FunctionFacts, e: ProtoEvent) => {
      const list = this.direct.get(fn) ?? [];
      if (!list.some((x) => x.offset === e.offset && x.event.kind === e.event.kind)) list.push(e);
      this.direct.set(fn, list);
    };
    for (const site of sites) {
      if (site.kind !== 'indication') continue;
      for (const r of readCodes(site.values.get('StatusCode'), ws)) {
        const kind = r.status?.protocolEvent;
        if (!kind) continue;
        const at = r.value.via[0] ?? site.call.at;
        add(r.value.via[0] ? site.context : site.fn, { event: { kind }, offset: at.start, loc: at });
      }
    }
    const handlerNames = ws.handlerNames();
    // Which functions indicate (directly or through what they call) matters only inside initiate handlers.
    const initiators = roles.withRole('initiateOffload');
    const indicators = initiators.length ? closureOfCallers(ws, [...INDICATIONS, ...handlerNames]) : new Set<string>();
    const senders = closureOfCallees(ws, roles.withRole('tcpSend'));
    // A Status written makes an event only in an initiate handler or on a send path: the files holding
    // one are looked through whole; elsewhere only the functions with a call or a capability write that
    // may make an event (most files hold none), in index order.
    const whole = new Set([...initiators, ...senders].flatMap((n) => ws.functionsNamed(n).map((f) => f.uri)));
    const likely = new Map(ws.filesWith(candidatesList(waits), (f) => candidateFunctions(f, waits)).map((f) => [f.uri, f.items]));
    const fns: FunctionFacts[] = [];
    for (const uri of [...new Set([...whole, ...likely.keys()])].sort()) {
      for (const fn of whole.has(uri) ? (ws.files.get(uri)?.functions ?? []) : likely.get(uri)!) fns.push(fn);
    }
    for (const fn of fns) {
      const cand = candidates(fn, ws, waits);
      if (cand.length === 0 && !roles.has(fn.name, 'initiateOffload')) continue;
      const initiate = roles.has(fn.name, 'initiateOffload');
      // MiniportTcpOffloadSend, what it calls, and whoever completes offloaded sends.
      const sends = senders.has(fn.name) || cand.some((c) => c.kind === 'sendCompleteCall');
      for (const c of cand) {
        switch (c.kind) {
          case 'wait':
            add(fn, { event: { kind: 'terminatesCompleted' }, offset: c.at.start, loc: c.loc });
            break;
          case 'capabilityChange':
            add(fn, { event: { kind: 'capabilityChange' }, offset: c.at.start, loc: c.loc });
            break;
          case 'indicationCall':
            if (initiate) add(fn, { event: { kind: 'indication' }, offset: c.at.start, loc: c.loc });
            break;
          case 'initiateCompleteCall':
            if (initiate) add(fn, { event: { kind: 'initiateComplete' }, offset: c.at.start, loc: c.loc });
            break;
          case 'pausedStatus':
            if (sends) add(fn, { event: { kind: 'sendComplete', status: c.status }, offset: c.at.start, loc: c.loc });
            if (initiate) add(fn, { event: { kind: 'initiateArrives', rejected: true, status: c.status }, offset: c.at.start, loc: c.loc });
            break;
          case 'errorStatus':
            if (initiate) add(fn, { event: { kind: 'initiateArrives', rejected: true, status: c.status }, offset: c.at.start, loc: c.loc });
            break;
          case 'sendCompleteCall':
            break;
        }
      }
      if (initiate) {
        for (const c of fn.calls) {
          const throughPointer = (handlerNames.has(c.name) && c.callee !== c.name) || (c.name !== 'NdisTcpOffloadEventHandler' && isOffloadEventCall(ws, fn, c));
          if (throughPointer || (indicators.has(c.name) && calleeOf(ws, fn, c) && !INDICATIONS.has(c.name))) add(fn, { event: { kind: 'indication' }, offset: c.at.start, loc: c.at });
        }
      }
    }
    for (const list of this.direct.values()) list.sort((a, b) => a.offset - b.offset);
  }

  /**
   * Functions whose paths may break the protocol: those with events other than waits, and every
   * function that calls one of them (their summaries carry the events into the caller).
   */
  functionsToWalk(): FunctionFacts[] {
    const seeds = [...this.direct].filter(([, evs]) => evs.some((e) => canBreakProtocol(e.event.kind))).map(([fn]) => fn.name);
    return [...withCallers(this.ws, seeds)].flatMap((n) => this.ws.functionsNamed(n));
  }

  /** Events of a function including, at each call, the summary of the callee. */
  eventsOf(fn: FunctionFacts): ProtoEvent[] {
    return this.summary(fn, new Set());
  }

  private summary(fn: FunctionFacts, stack: Set<FunctionFacts>): ProtoEvent[] {
    const memo = this.summaries.get(fn);
    if (memo) return memo;
    if (stack.has(fn) || stack.size > 6) return this.direct.get(fn) ?? [];
    stack.add(fn);
    const out = [...(this.direct.get(fn) ?? [])];
    for (const c of fn.calls) {
      const callee = calleeOf(this.ws, fn, c);
      if (!callee || callee === fn) continue;
      for (const e of this.summary(callee, stack)) {
        // Only the protocol-moving events travel to callers; local details stay in the callee.
        if (movesState(e.event.kind)) {
          out.push({ ...e, offset: c.at.start, loc: c.at, through: e.through ?? callee.name });
        }
      }
    }
    stack.delete(fn);
    out.sort((a, b) => a.offset - b.offset);
    this.summaries.set(fn, out);
    return out;
  }

  /** True when some function anywhere makes an event of this kind. */
  anywhere(kind: ProtocolEventKind): boolean {
    for (const list of this.direct.values()) if (list.some((e) => e.event.kind === kind)) return true;
    return false;
  }

  directOf(fn: FunctionFacts): ProtoEvent[] {
    return this.direct.get(fn) ?? [];
  }

  get rolesIndex(): Roles {
    return this.roles;
  }
}

/** Events that can break the protocol on some path (a lone wait or an initiate completion cannot). */
export function canBreakProtocol(kind: ProtocolEventKind): boolean {
  return kind !== 'terminatesCompleted' && kind !== 'initiateComplete';
}

/**
 * A wait is taken as "the terminates have completed" when it waits for good (NdisWaitEvent with 0,
 * KeWait* with a NULL timeout) on an event that is not plainly about something else.
 */
function drains(name: string, args: string[], ws: WorkspaceIndex): boolean {
  const event = args[name === 'KeWaitForMultipleObjects' ? 1 : 0] ?? '';
  if (/link|media|reset|power|timer|oid|pnp|interrupt|dpc/i.test(event)) return false;
  const timeout = name === 'NdisWaitEvent' ? args[1] : name === 'KeWaitForSingleObject' ? args[4] : name === 'KeWaitForMultipleObjects' ? args[7] : undefined;
  if (timeout === undefined) return true;
  const n = evaluate(timeout, ws);
  return n === 0;
}

/** Functions that call one of `names` (directly or through pointers named so), and their callers, transitively. */
function closureOfCallers(ws: WorkspaceIndex, names: string[]): Set<string> {
  return withCallers(ws, names.flatMap((n) => ws.callersOf(n).map((c) => c.fn.name)));
}

/** The named functions and every function that calls one of them by name, transitively. */
function withCallers(ws: WorkspaceIndex, seeds: Iterable<string>): Set<string> {
  const set = new Set(seeds);
  const work = [...set];
  while (work.length) {
    const name = work.pop()!;
    for (const c of ws.callersOf(name)) {
      if (callsName(ws, c, name) && !set.has(c.fn.name)) {
        set.add(c.fn.name);
        work.push(c.fn.name);
      }
    }
  }
  return set;
}

/** The named functions and every workspace function they call (transitively). */
function closureOfCallees(ws: WorkspaceIndex, roots: string[]): Set<string> {
  const set = new Set(roots);
  const work = [...roots];
  while (work.length) {
    for (const fn of ws.functionsNamed(work.pop()!)) {
      for (const c of fn.calls) {
        const callee = calleeOf(ws, fn, c);
        if (callee && !set.has(callee.name)) {
          set.add(callee.name);
          work.push(callee.name);
        }
      }
    }
  }
  return set;
}

/** What a function holds that may become a protocol event, independent of roles (kept per function). */
// `at` is where the event happens, `loc` what a finding points at: both are the facts' own locations,
// which an edit above the function moves in place, so a kept list stays right after such an edit.
type Candidate =
  | { kind: 'wait' | 'capabilityChange' | 'indicationCall' | 'initiateCompleteCall' | 'sendCompleteCall'; at: Loc; loc: Loc }
  | { kind: 'pausedStatus' | 'errorStatus'; at: Loc; loc: Loc; status: string };

/** Kept per function with the lookups made (status values are evaluated through the workspace's macros). */
const candidateMemo = new WeakMap<FunctionFacts, { waits: ReadonlySet<string>; kept: Kept<Candidate[]> }>();

function candidates(fn: FunctionFacts, ws: WorkspaceIndex, waits: ReadonlySet<string>): Candidate[] {
  const hit = candidateMemo.get(fn);
  const kept = ws.keep(hit && hit.waits === waits ? hit.kept : undefined, () => readCandidates(fn, ws, waits));
  candidateMemo.set(fn, { waits, kept });
  return kept.value;
}

/**
 * The functions of a file that may make an event outside initiate handlers and send paths, whatever the
 * workspace says: a call passes candidateCall, or an assignment writes a capability (a Status written
 * makes one only in those, whose files EventIndex looks through whole; nearly every function writes a
 * local `Status`). Kept per file by the workspace index (its list named for the waits setting:
 * candidatesList) and per function (an edit keeps the functions it did not touch).
 */
function candidateFunctions(file: FileFacts, waits: ReadonlySet<string>): readonly FunctionFacts[] {
  return file.functions.filter((fn) => mayHaveCandidate(fn, waits));
}

/** The name of the workspace's list of candidate functions for one waits setting. */
const waitsIds = new WeakMap<ReadonlySet<string>, string>();
function candidatesList(waits: ReadonlySet<string>): string {
  let id = waitsIds.get(waits);
  if (id === undefined) waitsIds.set(waits, (id = `candidates:${[...waits].join(',')}`));
  return id;
}

const candidateLike = new WeakMap<FunctionFacts, { waits: ReadonlySet<string>; may: boolean }>();
function mayHaveCandidate(fn: FunctionFacts, waits: ReadonlySet<string>): boolean {
  const hit = candidateLike.get(fn);
  if (hit?.waits === waits) return hit.may;
  const may = fn.calls.some((c) => candidateCall(c.name, waits)) || fn.writes.some((w) => w.kind === 'assign' && CAPABILITY_FIELDS.has(w.lv.split('.').pop() ?? ''));
  candidateLike.set(fn, { waits, may });
  return may;
}

/** A call readCandidates may turn into a candidate (whether it does can depend on the workspace). */
function candidateCall(name: string, waits: ReadonlySet<string>): boolean {
  return WAITS.has(name) || waits.has(name) || INDICATIONS.has(name) || name === 'NdisMInitiateOffloadComplete' || name === 'NdisTcpOffloadSendComplete';
}

/** An assignment readCandidates may turn into a candidate: a capability or a Status. */
function candidateWrite(lv: string): boolean {
  return CAPABILITY_FIELDS.has(lv.split('.').pop() ?? '') || isStatusField(lv);
}

const isStatusField = (lv: string) => /(^|\.)Status$/.test(lv) || /^NET_BUFFER_LIST_STATUS\(/.test(lv);

function readCandidates(fn: FunctionFacts, ws: WorkspaceIndex, waits: ReadonlySet<string>): Candidate[] {
  const list: Candidate[] = [];
  for (const c of fn.calls) {
    if (!candidateCall(c.name, waits)) continue;
    if ((WAITS.has(c.name) && drains(c.name, c.args.map((a) => a.text), ws)) || waits.has(c.name)) list.push({ kind: 'wait', at: c.at, loc: c.at });
    if (INDICATIONS.has(c.name)) list.push({ kind: 'indicationCall', at: c.at, loc: c.at });
    if (c.name === 'NdisMInitiateOffloadComplete') list.push({ kind: 'initiateCompleteCall', at: c.at, loc: c.at });
    if (c.name === 'NdisTcpOffloadSendComplete') list.push({ kind: 'sendCompleteCall', at: c.at, loc: c.at });
  }
  for (const w of fn.writes) {
    if (w.kind !== 'assign' || !candidateWrite(w.lv)) continue;
    const last = w.lv.split('.').pop() ?? '';
    // (compound assignments are recorded as assignments of an unknown value)
    if (CAPABILITY_FIELDS.has(last)) list.push({ kind: 'capabilityChange', at: w.at, loc: w.at });
    if (!isStatusField(w.lv)) continue;
    const value = norm(w.value);
    if (value === 'NDIS_STATUS_PAUSED') list.push({ kind: 'pausedStatus', at: w.at, loc: w.valueLoc, status: value });
    else {
      const n = evaluate(value, ws);
      if (n !== undefined && n >>> 30 === 3) list.push({ kind: 'errorStatus', at: w.at, loc: w.valueLoc, status: value });
    }
  }
  return list;
}
