// protocol/initiate-rejected-while-paused: MiniportInitiateOffload fails requests because the target is paused.
import type { Rule } from '../types';
import { reportViolations } from '../steps';

const ID = 'protocol/initiate-rejected-while-paused';

export const rule: Rule = {
  meta: { id: ID, title: 'Initiate-offload requests after a pause must be queued, not failed', severity: 'error', strength: 'MUST', source: 'wdk-docs-archived/ndis-status-offload-pause.md' },
  explain: {
    checks: 'A pause does not stop initiate-offload requests that are already under way: they still reach `MiniportInitiateOffload`. The target must accept them and handle them later, not fail them because it is paused.',
    fix: 'Queue initiate requests that arrive while paused and process them when you can.',
    symbols: ['NDIS_STATUS_OFFLOAD_PAUSE'],
  },
  protocol(p, ctx) {
    reportViolations(p, ctx, ID, (v) => {
      const status = v.event.kind === 'initiateArrives' ? v.event.status : undefined;
      return `MiniportInitiateOffload fails the request with ${status ?? 'an error status'} because the target is paused; after a pause, initiate requests that still arrive must be queued and processed later.`;
    });
  },
};
