// The words the simulator shows, in one place: event labels for the panel and the
// CLI, and the names of states. They use the NDIS names a driver developer knows
// (NDIS_STATUS_OFFLOAD_PAUSE, "terminate in flight", "upload-all pending") and the
// protocol model's own state labels; no internal identifier reaches the screen.

import { STATE_LABEL } from '../protocol/model';
import type { SimVocabulary } from '../shared/messages';
import type { ObjectState, SimEvent } from '../shared/simulatorTypes';

export const OBJECT_STATE_LABEL: Record<ObjectState, string> = {
  notOffloaded: 'not offloaded',
  initiateInFlight: 'initiate in flight',
  offloaded: 'offloaded',
  terminateInFlight: 'terminate in flight',
};

export const VOCABULARY: SimVocabulary = { states: STATE_LABEL, objectStates: OBJECT_STATE_LABEL };

export function eventLabel(e: SimEvent): string {
  const on = 'conn' in e && e.conn ? ` ${e.conn}` : '';
  switch (e.kind) {
    case 'offload': return `host offloads${on || ' a new connection'}`;
    case 'initiateArrives': return `initiate arrives${on}${e.reject ? ' (target fails it)' : ''}`;
    case 'completeInitiate': return `target completes initiate${on}${e.status && e.status !== 'NDIS_STATUS_SUCCESS' ? `: ${e.status}` : ''}`;
    case 'terminate': return `host terminates${on}`;
    case 'completeTerminate': return `target completes terminate${on}`;
    case 'drainTerminates': return 'target completes every terminate';
    case 'send': return `host sends on${on || ' a connection'}`;
    case 'completeSend': return `target completes send${on}: ${e.status}`;
    case 'pause': return 'target indicates NDIS_STATUS_OFFLOAD_PAUSE';
    case 'uploadAll': return 'target indicates NDIS_STATUS_UPLOAD_ALL';
    case 'resume': return `target indicates NDIS_STATUS_OFFLOAD_RESUME${e.capabilities ? ' with capabilities' : ''}`;
    case 'retrieve': return `target retrieves${on} (${e.reason})`;
    case 'abort': return `target indicates abort${on}`;
    case 'failover': return `failover to ${e.nic}`;
    case 'capabilityChange': return 'target changes capabilities';
    case 'branch': return e.condition;
    case 'end': return 'end of the run';
  }
}
