// Short human labels for events, shared by the panel and the CLI.

import type { SimEvent } from '../shared/simulatorTypes';

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
    case 'pause': return 'target indicates PAUSE';
    case 'uploadAll': return 'target indicates UPLOAD_ALL';
    case 'resume': return `target indicates RESUME${e.capabilities ? ' with capabilities' : ''}`;
    case 'retrieve': return `target retrieves${on} (${e.reason})`;
    case 'abort': return `target indicates abort${on}`;
    case 'failover': return `failover to ${e.nic}`;
    case 'capabilityChange': return 'target changes capabilities';
    case 'end': return 'run ends';
  }
}
