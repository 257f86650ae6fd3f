// What the host stack does on its own after each event (facts section 6):
// upload-all terminates every connection, then paths and neighbors whose
// reference count reached zero; the drain moves the protocol to 'drained';
// resume re-queries OID_TCP_TASK_OFFLOAD.

import { UPLOAD_REASON_BY_NAME } from '../ndis/constants';
import type { StepContext } from './context';
import { CAPABILITY_FIELDS, type Capabilities, type StateObject } from '../shared/simulatorTypes';

/** The host calls MiniportTerminateOffload for these objects, in one block list. */
export function hostTerminate(ctx: StepContext, objects: StateObject[], cause: string): void {
  if (objects.length === 0) return;
  for (const o of objects) ctx.set(o, 'state', 'terminateInFlight');
  const id = ctx.nextId('req');
  ctx.push(ctx.s.requests, { id, kind: 'terminate', objects: objects.map((o) => o.id), cause });
  ctx.say('host', 'target', `MiniportTerminateOffload ${objects.map((o) => o.id).join(', ')} (${cause})`);
}

/**
 * While an upload-all is pending: terminate every offloaded connection, and any
 * path or neighbor nothing depends on any more. The host keeps a reference
 * count, so a path waits for its connections and a neighbor for its paths.
 */
export function uploadAllSweep(ctx: StepContext): void {
  if (ctx.s.protocol !== 'uploading') return;
  const layers: StateObject['kind'][] = ['tcp', 'path', 'neighbor'];
  for (const kind of layers) {
    const ready = ctx.s.objects.filter(
      (o) => o.kind === kind && o.state === 'offloaded' && ctx.dependents(o.id).length === 0,
    );
    hostTerminate(ctx, ready, 'upload-all');
  }
}

/** Every terminate the upload-all caused has completed: the target may reconfigure and resume. */
export function checkDrain(ctx: StepContext): void {
  if (ctx.s.protocol !== 'uploading') return;
  if (ctx.s.objects.some((o) => o.state !== 'notOffloaded') || ctx.s.requests.length > 0) return;
  ctx.protocol({ kind: 'terminatesCompleted' });
  ctx.noteOver('host', 'upload-all drained: nothing is offloaded');
  ctx.note('every terminate of the upload-all has completed; the target may reconfigure and resume');
}

/** After a resume: query OID_TCP_TASK_OFFLOAD and adopt what the target reports now. */
export function queryCapabilities(ctx: StepContext): void {
  ctx.say('host', 'target', 'query OID_TCP_TASK_OFFLOAD');
  const changed = diffCapabilities(ctx.s.hostCapabilities, ctx.s.targetCapabilities);
  ctx.set(ctx.s, 'hostCapabilities', { ...ctx.s.targetCapabilities });
  ctx.say('target', 'host', changed.length ? `capabilities: ${changed.join(', ')}` : 'capabilities unchanged');
  ctx.note(changed.length ? `host adopted new capabilities (${changed.join(', ')})` : 'host re-queried capabilities; nothing changed');
}

export function diffCapabilities(a: Capabilities, b: Capabilities): string[] {
  return CAPABILITY_FIELDS.filter((f) => a[f] !== b[f]).map((f) => `${f} ${a[f]} -> ${b[f]}`);
}

/** Why the host would not offload under these capabilities, or undefined when it would. */
export function offloadRefusal(ctx: StepContext): string | undefined {
  const c = ctx.s.hostCapabilities;
  // IEEE_802_3 (2) or LLC_SNAP_ROUTED (0x10) is needed for the chimney to be recognised (facts 5.1).
  if ((c.Encapsulation & 0x12) === 0) return 'the reported Encapsulation has neither IEEE_802_3 nor LLC_SNAP_ROUTED';
  if (!c.SupportIPv4 && !c.SupportIPv6) return 'the target reports neither IPv4 nor IPv6 support';
  const inUse = ctx.connections().filter((o) => o.state !== 'notOffloaded').length;
  if (inUse >= c.TcpConnectionOffloadCapacity) {
    return `TcpConnectionOffloadCapacity (${c.TcpConnectionOffloadCapacity}) is reached`;
  }
  return undefined;
}

/** The host's answer to TcpIndicateRetrieve: mandatory reasons always upload, optional ones follow the policy. */
export function retrieveDecision(ctx: StepContext, reason: string): boolean {
  const info = UPLOAD_REASON_BY_NAME.get(reason);
  if (info?.upload === 'mandatory') return true;
  switch (ctx.s.policy) {
    case 'upload':
      return true;
    case 'decline':
      return false;
    case 'random':
      return ctx.random() < 0.5;
  }
}
