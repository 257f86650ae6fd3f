// protocol/resume-without-pause: a resume with no pause or upload-all before it.
import type { Rule } from '../types';
import { reportViolations } from '../steps';

const ID = 'protocol/resume-without-pause';

export const rule: Rule = {
  meta: { id: ID, title: 'Resume without a pause or upload-all before it', severity: 'warning', strength: 'HEUR', source: 'wdk-docs-archived/ndis-status-offload-resume.md' },
  explain: {
    checks: 'A resume is indicated on a path where offloading was never paused and no upload-all was indicated. The host re-queries the capabilities anyway, but the sequence is probably incomplete, for example a pause lost on another branch.',
    fix: 'Pause (and upload all if the capabilities change) before resuming, or drop the stray resume.',
    symbols: ['NDIS_STATUS_OFFLOAD_RESUME', 'NDIS_STATUS_OFFLOAD_PAUSE'],
  },
  protocol(p, ctx) {
    // Driver-wide: nothing anywhere pauses, so no path can make the resume right.
    if (!p.events.anywhere('pause') && !p.events.anywhere('uploadAll')) {
      for (const fn of p.walked) {
        for (const e of p.events.directOf(fn)) {
          if (e.event.kind !== 'resume') continue;
          ctx.report({ rule: ID, loc: e.loc, message: 'Resume is indicated here but the driver never pauses offloading or requests an upload-all: there is nothing to resume.', steps: [{ loc: e.loc, message: 'resume indicated here', state: 'offloading', event: e.event }] });
        }
      }
    }
    reportViolations(p, ctx, ID, () => 'Resume is indicated on a path where offloading was already resumed (or never paused).');
  },
};
