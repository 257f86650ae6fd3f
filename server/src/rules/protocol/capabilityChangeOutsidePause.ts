// protocol/capability-change-outside-pause: connection-offload capabilities change only between an upload-all that has drained and the resume.
import type { Rule } from '../types';
import { reportViolations } from '../steps';
import { STATE_LABEL } from '../../protocol/model';

const ID = 'protocol/capability-change-outside-pause';

export const rule: Rule = {
  meta: { id: ID, title: 'Connection-offload capabilities change outside pause / upload-all / resume', severity: 'error', strength: 'MUST', source: 'seeds/004_34fe84233115b8c9.txt' },
  explain: {
    checks: 'A target cannot announce new connection-offload capabilities directly. It changes them only after a pause and an upload-all whose terminates have completed, and then resumes so that the host queries them again.',
    fix: 'Use the sequence pause, upload-all, wait for the terminates, change, resume (snippet `ndis-capability-change`).',
    symbols: ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'],
  },
  protocol(p, ctx) {
    // Driver-wide: chimney is used but nothing ever pauses and uploads before a change.
    const holds = p.events.anywhere('pause') || p.events.anywhere('uploadAll');
    const chimneyUsed = holds || p.events.anywhere('resume') || p.sites.some((s) => s.kind === 'event');
    if (chimneyUsed && !holds) {
      for (const fn of p.walked) {
        if (p.initFns.has(fn.name)) continue;
        for (const e of p.events.directOf(fn)) {
          if (e.event.kind !== 'capabilityChange') continue;
          ctx.report({ rule: ID, loc: e.loc, message: 'The connection-offload capabilities change here, but the driver never pauses offloading and uploads the connections: a target must pause, upload all, change the configuration and then resume.', steps: [{ loc: e.loc, message: 'capabilities change here', event: e.event }] });
        }
      }
    }
    reportViolations(p, ctx, ID, (v) => `The connection-offload capabilities change while offloading is ${STATE_LABEL[v.before]}; pause, upload all, wait for the terminates, change the configuration, then resume.`);
  },
};
