// protocol/pause-without-resume: a path from a pause or upload-all returns with offloading still held.
import type { Rule } from '../types';
import { reportViolations } from '../steps';
import { STATE_LABEL } from '../../protocol/model';

const ID = 'protocol/pause-without-resume';

export const rule: Rule = {
  meta: { id: ID, title: 'A path from a pause reaches the exit without a resume', severity: 'warning', strength: 'HEUR', source: 'wdk-docs-archived/ndis-status-offload-resume.md' },
  explain: {
    checks: 'On some path of the function, offloading is paused (or an upload-all is indicated) and the function returns without a resume. Until the target resumes, the host stack offloads nothing new to it, so an early error return is the usual culprit.',
    fix: 'Indicate `NDIS_STATUS_OFFLOAD_RESUME` on that path too (after the upload-all has drained), or resume from the code that finishes the operation and suppress the finding there.',
    symbols: ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'],
  },
  protocol(p, ctx) {
    reportViolations(
      p,
      ctx,
      ID,
      (v) => `${v.fn.name} returns here with offloading still ${STATE_LABEL[v.before]}: a path from the pause reaches this exit without NDIS_STATUS_OFFLOAD_RESUME, so the host stack never offloads to the target again.`,
      // Repeat the function's own resume (its wrapper call, as written) before this return.
      (v) => (v.resumeToCopy ? { title: 'Resume offloading before returning', before: v.loc, copyOf: v.resumeToCopy } : undefined),
    );
  },
};
