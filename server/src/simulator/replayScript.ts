// Turns the steps the analyzer found along one path of the user's function into
// a simulator script. The analyzer only sees the target's side, so a short prefix
// (without source links) sets up what those events need: one offloaded connection
// with a send pending per send completion, and one initiate in transit per
// initiate that arrives in the code. Branch decisions become steps of their own
// that change nothing, so the panel and the editor's pointer show them.

import type { SimReplayEvent } from '../shared/messages';
import { describeBranch, type ProtocolEvent } from '../protocol/model';
import type { ScriptedEvent, SimEvent } from '../shared/simulatorTypes';

export interface ReplayScript {
  script: ScriptedEvent[];
  /** Capacity large enough for the prefix's connections. */
  capacity: number;
  /** How many steps the setup prefix takes (they have no source link). */
  setup: number;
}

export function replayScript(events: readonly SimReplayEvent[]): ReplayScript {
  const protocol = events.flatMap((e) => ('event' in e ? [e.event] : []));
  const sends = protocol.filter((e) => e.kind === 'sendComplete').length;
  const arrivals = protocol.filter((e) => e.kind === 'initiateArrives').length;
  const capacity = Math.max(4, arrivals + 2);
  const prefix: SimEvent[] = [
    { kind: 'offload', conn: 'c1' },
    { kind: 'initiateArrives', conn: 'c1' },
    { kind: 'completeInitiate', conn: 'c1' },
  ];
  for (let i = 0; i < sends; i++) prefix.push({ kind: 'send', conn: 'c1' });
  for (let i = 1; i <= arrivals; i++) prefix.push({ kind: 'offload', conn: `r${i}` });

  const script: ScriptedEvent[] = prefix.map((event) => ({ event }));
  let arrival = 0;
  for (const e of events) {
    const source = { uri: e.uri, line: e.line };
    if ('branch' in e) {
      script.push({ event: { kind: 'branch', condition: describeBranch(e.branch) }, source });
      continue;
    }
    const event = toSimEvent(e.event, () => `r${++arrival}`, capacity);
    if (event) script.push({ event, source, ...(e.count && e.count > 1 ? { count: e.count } : {}) });
  }
  return { script, capacity, setup: prefix.length };
}

/** The host-side simulator event that plays a protocol event of the target's code. */
function toSimEvent(e: ProtocolEvent, nextArrival: () => string, capacity: number): SimEvent | undefined {
  switch (e.kind) {
    case 'pause':
    case 'uploadAll':
    case 'resume':
      return { kind: e.kind };
    case 'terminatesCompleted':
      return { kind: 'drainTerminates' };
    case 'capabilityChange':
      // The analysis knows that the configuration changes, not to what: the capacity stays as it was.
      return { kind: 'capabilityChange', capabilities: { TcpConnectionOffloadCapacity: capacity } };
    case 'initiateArrives':
      return { kind: 'initiateArrives', conn: nextArrival(), ...(e.rejected ? { reject: true } : {}) };
    case 'sendComplete':
      return { kind: 'completeSend', conn: 'c1', status: e.status };
    case 'exit':
      return { kind: 'end' };
    case 'initiateComplete':
    case 'indication':
      // Window markers of the path walk: the simulated host has nothing to do for them.
      return undefined;
    default:
      return assertNever(e);
  }
}

function assertNever(x: never): never {
  throw new Error(`unhandled protocol event: ${JSON.stringify(x)}`);
}
