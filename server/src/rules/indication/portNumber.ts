// indication/port-number: codes about one NDIS port name that port in PortNumber.
import type { Rule } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { siteEntry } from '../../analysis/statusCode';

const ID = 'indication/port-number';

export const rule: Rule = {
  meta: { id: ID, title: 'Port-specific status codes must name their port in PortNumber', severity: 'error', strength: 'MUST', source: 'ndis-status-docs/ndis-status-port-state.md' },
  explain: {
    checks:
      'Some status codes are about one NDIS port, and their pages require `PortNumber` to name it: `NDIS_STATUS_PORT_STATE`, and `NDIS_STATUS_WWAN_IP_ADDRESS_STATE`, which is sent on the port of its additional PDP context. Left unset, `PortNumber` is 0, the default port, which is not the port the indication is about.',
    fix: 'Set `PortNumber` to the number of the port the indication is about (the one NDIS gave `NdisMAllocatePort`).',
    symbols: ['NdisMIndicateStatusEx', 'NDIS_STATUS_PORT_STATE'],
  },
  indication(site, ctx) {
    const entry = siteEntry(site.values.get('StatusCode'), ctx.ws);
    if (!entry?.musts.some((m) => m.kind === 'port-number')) return;
    const vals = site.values.get('PortNumber') ?? [];
    // Only a PortNumber nobody wrote: an explicit NDIS_DEFAULT_PORT_NUMBER is the driver's own choice.
    if (vals.length === 0 || !vals.every((v) => v.how === 'zero' || v.how === 'unset')) return;
    const v = vals[0];
    ctx.report({
      rule: ID,
      loc: reportLoc(site, v),
      message: `${entry.name} is about one NDIS port and must name it in PortNumber, but PortNumber is never set (0, the default port).`,
      steps: valueSteps(site, v, 'PortNumber'),
    });
  },
};
