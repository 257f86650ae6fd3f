// The simulator's transition function: one event in, the next state and what
// both sides said out. `advance` changes the state in place and records each
// change in a journal, so a run keeps one state plus small undo records instead
// of a copy per step; `applyEvent` is the pure form (it works on a copy). Every
// random choice draws from the PRNG state kept inside SimState.

import { STATUS_BY_NAME, UPLOAD_REASON_BY_NAME } from '../ndis/constants';
import { STATE_LABEL } from '../protocol/model';
import { StepContext } from './context';
import { Journal } from './journal';
import { OBJECT_STATE_LABEL } from './labels';
import { checkDrain, hostTerminate, offloadRefusal, queryCapabilities, retrieveDecision, uploadAllSweep } from './host';
import { seedState } from './prng';
import {
  DEFAULT_CAPABILITIES, type Capabilities, type OptionalRetrievePolicy, type SimEvent, type SimState, type TraceEntry,
} from '../shared/simulatorTypes';

export interface InitialOptions {
  seed?: number;
  policy?: OptionalRetrievePolicy;
  capabilities?: Partial<Capabilities>;
  nic?: string;
}

/** The simulator starts with offloading allowed and nothing offloaded yet. */
export function initialState(opts: InitialOptions = {}): SimState {
  const caps = { ...DEFAULT_CAPABILITIES, ...opts.capabilities };
  return {
    protocol: 'offloading',
    nic: opts.nic ?? 'nic0',
    hostCapabilities: { ...caps },
    targetCapabilities: { ...caps },
    objects: [],
    requests: [],
    pendingSends: [],
    hostQueue: [],
    policy: opts.policy ?? 'upload',
    rng: seedState(opts.seed ?? 1),
    counter: 0,
  };
}

export type StepOutcome = Omit<TraceEntry, 'index' | 'source'>;

/** The simulator holds at most this many state objects (a memory budget; each offload of a new name adds up to three). */
export const MAX_SIM_OBJECTS = 4096;

/** Applies `event` to `state` in place; `journal.undo()` restores the state exactly. */
export function advance(state: SimState, event: SimEvent, journal: Journal): StepOutcome {
  const protocolBefore = state.protocol;
  const ctx = new StepContext(state, journal);
  handle(ctx, event);
  // The host's own follow-ups run after every event, whoever made it.
  uploadAllSweep(ctx);
  checkDrain(ctx);
  return {
    event,
    protocolBefore,
    protocolAfter: state.protocol,
    messages: ctx.messages,
    notes: ctx.notes,
    violations: ctx.violations,
    ...(ctx.ignored ? { ignored: true } : {}),
  };
}

/** Pure: `before` is left untouched; the outcome comes with the state after the event. */
export function applyEvent(before: SimState, event: SimEvent): StepOutcome & { after: SimState } {
  const after = structuredClone(before);
  return { ...advance(after, event, new Journal()), after };
}

function handle(ctx: StepContext, e: SimEvent): void {
  const s = ctx.s;
  switch (e.kind) {
    case 'offload': {
      if (s.protocol !== 'offloading') return ctx.ignore(`the host offloads nothing new while ${STATE_LABEL[s.protocol]}`);
      if (s.objects.length + 3 > MAX_SIM_OBJECTS) return ctx.ignore(`the simulator holds at most ${MAX_SIM_OBJECTS} offload state objects, and this run has reached that many`);
      const refusal = offloadRefusal(ctx);
      if (refusal) return ctx.ignore(`the host does not offload: ${refusal}`);
      const conn = e.conn ?? ctx.nextId('c');
      const existing = ctx.obj(conn);
      if (existing && existing.state !== 'notOffloaded') return ctx.ignore(`${conn} is already ${OBJECT_STATE_LABEL[existing.state]}`);
      const neighbor = ctx.ensure(ctx.obj(e.path ?? 'path1')?.parent ?? e.neighbor ?? 'nbr1', 'neighbor');
      const path = ctx.ensure(e.path ?? 'path1', 'path', neighbor.id);
      const tcp = ctx.ensure(conn, 'tcp', path.id);
      if ([neighbor, path].some((o) => o.state === 'terminateInFlight')) {
        return ctx.ignore(`the host waits for the terminate of ${path.id} / ${neighbor.id} before offloading over them`);
      }
      // Only objects not yet offloaded go in the block list; shared ones are already there.
      const tree = [neighbor, path, tcp].filter((o) => o.state === 'notOffloaded');
      for (const o of tree) {
        ctx.set(o, 'state', 'initiateInFlight');
        ctx.set(o, 'nic', s.nic);
      }
      ctx.push(s.requests, { id: ctx.nextId('req'), kind: 'initiate', objects: tree.map((o) => o.id), stage: 'inTransit' });
      ctx.noteOver('host', `NdisInitiateOffload ${tree.map((o) => o.id).join(', ')} (in flight)`);
      return;
    }
    case 'initiateArrives': {
      const inTransit = s.requests.filter((r) => r.kind === 'initiate' && r.stage === 'inTransit');
      const conn = ctx.chooseConn(e.conn, (c) => c.state === 'initiateInFlight' && inTransit.some((r) => r.objects.includes(c.id)), 'an initiate in transit');
      if (!conn) return;
      const req = ctx.requestFor(conn.id, 'initiate');
      if (!req || req.kind !== 'initiate') return;
      ctx.say('host', 'target', `MiniportInitiateOffload ${req.objects.join(', ')}`);
      ctx.protocol({ kind: 'initiateArrives', rejected: e.reject === true });
      if (e.reject) {
        ctx.say('target', 'host', `NdisMInitiateOffloadComplete ${conn.id}: NDIS_STATUS_FAILURE`);
        failInitiate(ctx, req.id, req.objects);
        return;
      }
      if (s.protocol === 'offloading') {
        ctx.set(req, 'stage', 'atTarget');
      } else {
        ctx.set(req, 'stage', 'queued');
        ctx.note(`the target queues the initiate of ${conn.id}: it arrived after the pause`);
      }
      return;
    }
    case 'completeInitiate': {
      const ready = s.requests.filter((r) => r.kind === 'initiate' && r.stage !== 'inTransit');
      const conn = ctx.chooseConn(e.conn, (c) => c.state === 'initiateInFlight' && ready.some((r) => r.objects.includes(c.id)), 'an initiate the target has received');
      if (!conn) return;
      const req = ctx.requestFor(conn.id, 'initiate')!;
      const status = e.status ?? 'NDIS_STATUS_SUCCESS';
      ctx.say('target', 'host', `NdisMInitiateOffloadComplete ${req.objects.join(', ')}: ${status}`);
      if (status === 'NDIS_STATUS_SUCCESS' || status === 'NDIS_STATUS_OFFLOAD_PARTIAL_SUCCESS') {
        for (const id of req.objects) ctx.set(ctx.obj(id)!, 'state', 'offloaded');
        ctx.removeWhere(s.requests, (r) => r.id === req.id);
        if (s.protocol === 'uploading') ctx.note(`${conn.id} offloaded during the upload-all: the host terminates it at once`);
      } else {
        if (!STATUS_BY_NAME.has(status)) ctx.note(`${status} is not an NDIS status the simulator knows; treated as a failure`);
        failInitiate(ctx, req.id, req.objects);
      }
      return;
    }
    case 'terminate': {
      const conn = ctx.chooseConn(e.conn, (c) => c.state === 'offloaded', 'offloaded');
      if (conn) hostTerminate(ctx, [conn], 'host decision');
      return;
    }
    case 'completeTerminate': {
      const reqs = s.requests.filter((r) => r.kind === 'terminate');
      const req = e.conn !== undefined ? reqs.find((r) => r.objects.includes(e.conn!)) : ctx.pick(reqs);
      if (!req) return ctx.ignore(e.conn !== undefined ? `no terminate in flight for ${e.conn}` : 'no terminate is in flight');
      completeTerminate(ctx, req.id);
      return;
    }
    case 'drainTerminates': {
      let guard = 0;
      // Each completion may make the host terminate the next layer (paths, then neighbors).
      for (let r = s.requests.find((q) => q.kind === 'terminate'); r && guard < 1000; r = s.requests.find((q) => q.kind === 'terminate')) {
        completeTerminate(ctx, r.id);
        uploadAllSweep(ctx);
        guard += 1;
      }
      if (guard === 0) ctx.ignore('no terminate is in flight');
      return;
    }
    case 'send': {
      const conn = ctx.chooseConn(e.conn, (c) => c.state === 'offloaded', 'offloaded');
      if (!conn) return;
      const send = { id: ctx.nextId('s'), conn: conn.id, bytes: e.bytes ?? 1460 };
      ctx.push(s.pendingSends, send);
      ctx.say('host', 'target', `MiniportTcpOffloadSend ${conn.id} ${send.id} (${send.bytes} bytes)`);
      return;
    }
    case 'completeSend': {
      // Sends complete in FIFO order per connection, so no random choice here.
      const send = s.pendingSends.find((p) => e.conn === undefined || p.conn === e.conn);
      if (!send) return ctx.ignore(`no send is pending${e.conn ? ` on ${e.conn}` : ''}`);
      ctx.removeWhere(s.pendingSends, (p) => p.id === send.id);
      ctx.say('target', 'host', `NdisTcpOffloadSendComplete ${send.conn} ${send.id}: ${e.status}`);
      ctx.protocol({ kind: 'sendComplete', status: e.status });
      completeSendReaction(ctx, send, e.status);
      return;
    }
    case 'pause':
      ctx.say('target', 'host', 'NDIS_STATUS_OFFLOAD_PAUSE');
      ctx.protocol({ kind: 'pause' });
      ctx.note('the host stops offloading; initiates already in flight still arrive');
      return;
    case 'uploadAll':
      if (s.protocol === 'offloading') ctx.note('upload-all without a pause before it: legal by the pages, but the documented sequences pause first');
      ctx.say('target', 'host', 'NDIS_STATUS_UPLOAD_ALL');
      ctx.protocol({ kind: 'uploadAll' });
      return;
    case 'resume':
      if (e.capabilities) ctx.set(s, 'targetCapabilities', { ...s.targetCapabilities, ...e.capabilities });
      ctx.say('target', 'host', `NDIS_STATUS_OFFLOAD_RESUME${e.capabilities ? ' (NDIS_TCP_CONNECTION_OFFLOAD)' : ''}`);
      ctx.protocol({ kind: 'resume' });
      queryCapabilities(ctx);
      return;
    case 'capabilityChange':
      ctx.set(s, 'targetCapabilities', { ...s.targetCapabilities, ...e.capabilities });
      ctx.noteOver('target', `reconfigures ${Object.entries(e.capabilities).map(([k, v]) => `${k}=${v}`).join(', ')}`.trim());
      ctx.protocol({ kind: 'capabilityChange' });
      return;
    case 'retrieve': {
      const conn = ctx.chooseConn(e.conn, (c) => c.state === 'offloaded' || c.state === 'terminateInFlight', 'offloaded');
      if (!conn) return;
      const info = UPLOAD_REASON_BY_NAME.get(e.reason);
      if (!info) return ctx.ignore(`${e.reason} is not a TCP_UPLOAD_REASON`);
      ctx.say('target', 'host', `TcpIndicateRetrieve ${conn.id} (${e.reason}, ${info.upload})`);
      if (conn.state === 'terminateInFlight') return ctx.note(`${conn.id} is already being terminated; a repeated retrieve is allowed and changes nothing`);
      if (retrieveDecision(ctx, e.reason)) {
        hostTerminate(ctx, [conn], `retrieve ${e.reason}`);
      } else {
        ctx.noteOver('host', `declines the optional upload of ${conn.id}`);
        ctx.note(`${e.reason} is optional: the host kept ${conn.id} offloaded, so the target must keep processing it`);
      }
      return;
    }
    case 'abort': {
      const conn = ctx.chooseConn(e.conn, (c) => c.state === 'offloaded', 'offloaded');
      if (!conn) return;
      ctx.say('target', 'host', `TcpIndicateAbort ${conn.id}`);
      hostTerminate(ctx, [conn], 'abort');
      if (s.pendingSends.some((p) => p.conn === conn.id)) ctx.note(`pending sends on ${conn.id} complete with NDIS_STATUS_REQUEST_ABORTED`);
      return;
    }
    case 'failover': {
      const live = s.objects.filter((o) => o.state !== 'notOffloaded' && o.nic === s.nic);
      ctx.noteOver('target', `802.3ad failover ${s.nic} -> ${e.nic}`);
      if (live.length) ctx.note(`${live.map((o) => o.id).join(', ')} are still offloaded on ${s.nic}: their state would be lost; the documented sequence uploads them first`);
      ctx.set(s, 'nic', e.nic);
      return;
    }
    case 'branch':
      ctx.noteOver('target', `branch: ${e.condition}`);
      return;
    case 'end':
      ctx.noteOver('target', 'end of run');
      ctx.protocol({ kind: 'exit' });
      return;
  }
}

function failInitiate(ctx: StepContext, reqId: string, objects: string[]): void {
  for (const id of objects) ctx.set(ctx.obj(id)!, 'state', 'notOffloaded');
  ctx.removeWhere(ctx.s.requests, (r) => r.id === reqId);
  ctx.note(`the offload of ${objects.join(', ')} failed; the host keeps them in its own stack`);
}

function completeTerminate(ctx: StepContext, reqId: string): void {
  const s = ctx.s;
  const req = s.requests.find((r) => r.id === reqId)!;
  for (const id of req.objects) ctx.set(ctx.obj(id)!, 'state', 'notOffloaded');
  ctx.removeWhere(s.requests, (r) => r.id === reqId);
  // Unsent data comes back in NetBufferListChain; the host sends it itself.
  const returned = ctx.removeWhere(s.pendingSends, (p) => req.objects.includes(p.conn));
  ctx.push(s.hostQueue, ...returned);
  ctx.say('target', 'host', `NdisMTerminateOffloadComplete ${req.objects.join(', ')}${returned.length ? ` (returns ${returned.map((p) => p.id).join(', ')})` : ''}`);
}

function completeSendReaction(ctx: StepContext, send: { id: string; conn: string; bytes: number }, status: string): void {
  switch (status) {
    case 'NDIS_STATUS_SUCCESS':
      ctx.note(`${send.id} was sent and acknowledged`);
      return;
    case 'NDIS_STATUS_UPLOAD_IN_PROGRESS':
      ctx.push(ctx.s.hostQueue, send);
      ctx.noteOver('host', `requeues ${send.id}; sends it itself after the upload`);
      return;
    case 'NDIS_STATUS_REQUEST_ABORTED':
      ctx.note(`${send.id} is dropped: the connection was reset`);
      return;
    default:
      ctx.note(`${send.id} was not acknowledged (${status}); the host does not requeue it`);
  }
}
