// Turns the protocol events the analyzer extracted from one path of the user's
// function into a simulator script. The analyzer only sees the target's side,
// so a short prefix (without source links) sets up what those events need: one
// offloaded connection with a send pending per send completion, and one initiate
// in transit per initiate that arrives in the code.

import type { SimReplayEvent } from '../shared/messages';
import type { ProtocolEvent } from '../protocol/model';
import type { ScriptedEvent, SimEvent } from '../shared/simulatorTypes';

export interface ReplayScript {
  script: ScriptedEvent[];
  /** Capacity large enough for the prefix's connections. */
  capacity: number;
}

export function replayScript(events: readonly SimReplayEvent[]): ReplayScript {
  const sends = events.filter((e) => e.event.kind === 'sendComplete').length;
  const arrivals = events.filter((e) => e.event.kind === 'initiateArrives').length;
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
    const event = toSimEvent(e.event, () => `r${++arrival}`);
    if (event) script.push({ event, source: { uri: e.uri, line: e.line } });
  }
  return { script, capacity: Math.max(4, arrivals + 2) };
}

/** The host-side simulator event that plays a protocol event of the target's code. */
function toSimEvent(e: ProtocolEvent, nextArrival: () => string): SimEvent | undefined {
  switch (e.kind) {
    case 'pause':
    case 'uploadAll':
    case 'resume':
      return { kind: e.kind };
    case 'terminatesCompleted':
      return { kind: 'drainTerminates' };
    case 'capabilityChange':
      return { kind: 'capabilityChange', capabilities: {} };
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
