// protocol/resume-before-upload-drain: a resume after an upload-all, before its terminates have completed.
import type { Rule } from '../types';
import { pathSteps } from '../steps';

const ID = 'protocol/resume-before-upload-drain';

export const rule: Rule = {
  meta: { id: ID, title: 'Resume before the terminates of an upload-all have completed', severity: 'error', strength: 'MUST', source: 'wdk-docs-archived/terminate-offload-requested-by-an-offload-target.md' },
  explain: {
    checks: 'After an upload-all, the host stack terminates the offloaded connections through `MiniportTerminateOffload`. The target may resume only once it has completed every one of those terminates with `NdisMTerminateOffloadComplete`.',
    fix: 'Wait before the resume, for example on an event that the completion of the last terminate sets: `NdisWaitEvent(&Adapter->UploadDrainedEvent, 0)`.',
    symbols: ['NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'],
  },
  protocol(p, ctx) {
    for (const v of p.violations) {
      if (v.rule !== ID) continue;
      if (v.uncertain) {
        // The path calls a function the workspace does not define: it may be the wait. Said, one severity lower.
        const call = v.uncertain.name;
        ctx.report({
          rule: ID,
          loc: v.loc,
          message: `Resume is indicated after NDIS_STATUS_UPLOAD_ALL, and the only call on this path that might wait for the terminates is ${call}, which the workspace does not define. If ${call} waits until every MiniportTerminateOffload has completed, add it to the setting ndisOffload.terminateWaits (command line: --terminate-wait ${call}); otherwise wait before the resume.`,
          steps: [...pathSteps(v).slice(0, -1), { loc: v.uncertain.loc, message: `${call} is not defined in the workspace: whether it waits is unknown` }, ...pathSteps(v).slice(-1)],
          uncertain: true,
        });
        continue;
      }
      ctx.report({
        rule: ID,
        loc: v.loc,
        message: 'Resume is indicated after NDIS_STATUS_UPLOAD_ALL with nothing on this path that waits for the terminates to complete; resume only once every MiniportTerminateOffload has been completed.',
        steps: pathSteps(v),
      });
    }
  },
};
