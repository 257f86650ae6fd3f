// protocol/pause-never-resumed: offloading is paused somewhere and resumed nowhere.
import type { Rule } from '../types';

const ID = 'protocol/pause-never-resumed';

export const rule: Rule = {
  meta: { id: ID, title: 'Offloading is paused but never resumed anywhere in the driver', severity: 'warning', strength: 'HEUR', source: 'wdk-docs-archived/ndis-status-offload-resume.md' },
  explain: {
    checks: 'The driver pauses offloading somewhere but indicates `NDIS_STATUS_OFFLOAD_RESUME` nowhere: after the first pause the adapter never receives a new offload again.',
    fix: 'Indicate a resume when the reason for the pause is over.',
    symbols: ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_OFFLOAD_RESUME'],
  },
  protocol(p, ctx) {
    if (p.events.anywhere('resume')) return;
    for (const fn of p.walked) {
      for (const e of p.events.directOf(fn)) {
        const kind = e.event.kind;
        if (kind !== 'pause' && kind !== 'uploadAll') continue;
        ctx.report({
          rule: ID,
          loc: e.loc,
          message: `Offloading is ${kind === 'pause' ? 'paused' : 'stopped by an upload-all'} here but no NDIS_STATUS_OFFLOAD_RESUME is indicated anywhere in the driver: the host stack will never offload to this target again.`,
          steps: [{ loc: e.loc, message: `${kind === 'pause' ? 'pause' : 'upload-all'} indicated here`, state: kind === 'pause' ? 'paused' : 'uploading', event: e.event }],
        });
      }
    }
  },
};
