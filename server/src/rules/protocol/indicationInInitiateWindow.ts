// protocol/indication-in-initiate-window: no indication while MiniportInitiateOffload has not completed the initiate.
import type { Rule } from '../types';
import { reportViolations } from '../steps';

const ID = 'protocol/indication-in-initiate-window';

export const rule: Rule = {
  meta: { id: ID, title: 'No indication inside the initiate-offload window', severity: 'info', strength: 'SHOULD', source: 'wdk-docs-archived/processing-events-that-occur-during-an-offload.md' },
  explain: {
    checks: 'Microsoft advises against status indications and offload event indications (`NdisMIndicateStatusEx`, `NdisMOffloadEventIndicate`, `NdisTcpOffloadEventHandler`, `NdisTcpOffloadReceiveHandler`) while an initiate offload is in progress, that is, until `NdisMInitiateOffloadComplete` has returned.',
    fix: 'Defer the indication until the initiate offload has completed.',
    symbols: ['NdisMIndicateStatusEx', 'NdisTcpOffloadEventHandler'],
  },
  protocol(p, ctx) {
    reportViolations(p, ctx, ID, () =>
      'An indication is made inside MiniportInitiateOffload before NdisMInitiateOffloadComplete has returned; the documentation recommends waiting until the initiate has completed.');
  },
};
