// protocol/send-completed-paused: offloaded sends complete with NDIS_STATUS_UPLOAD_IN_PROGRESS, not NDIS_STATUS_PAUSED.
import type { Rule } from '../types';
import { reportViolations } from '../steps';

const ID = 'protocol/send-completed-paused';

export const rule: Rule = {
  meta: { id: ID, title: 'Offloaded sends complete with NDIS_STATUS_UPLOAD_IN_PROGRESS, not NDIS_STATUS_PAUSED', severity: 'error', strength: 'MUST', source: 'wdk-docs-archived/ndis-status-offload-pause.md' },
  explain: {
    checks: 'While an upload is pending (after an upload-all, or for a connection being terminated), offloaded sends complete with `NDIS_STATUS_UPLOAD_IN_PROGRESS`, which makes the host stack requeue the data. `NDIS_STATUS_PAUSED` is the wrong status here.',
    fix: 'Replace `NDIS_STATUS_PAUSED` with `NDIS_STATUS_UPLOAD_IN_PROGRESS`.',
    symbols: ['NDIS_STATUS_PAUSED', 'NDIS_STATUS_UPLOAD_IN_PROGRESS', 'NDIS_STATUS_UPLOAD_ALL'],
  },
  protocol(p, ctx) {
    reportViolations(
      p,
      ctx,
      ID,
      () => 'An offloaded send is completed with NDIS_STATUS_PAUSED; while an upload is pending, complete it with NDIS_STATUS_UPLOAD_IN_PROGRESS so the host stack requeues the data.',
      (v) => ({ title: 'Complete with NDIS_STATUS_UPLOAD_IN_PROGRESS', loc: v.loc, newText: 'NDIS_STATUS_UPLOAD_IN_PROGRESS' }),
    );
  },
};
