// offload-event/event-type: EventType is one of the four TCP_OFFLOAD_EVENT_TYPE values.
import type { Rule } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { closest, concrete } from '../../analysis/classify';
import { evaluate } from '../../analysis/evaluate';
import { norm } from '../../analysis/syntax';
import { EVENT_TYPES, EVENT_TYPE_BY_NAME } from '../../ndis/constants';

const ID = 'offload-event/event-type';

const NAMES = EVENT_TYPES.map((e) => e.name);

export const rule: Rule = {
  meta: { id: ID, title: 'EventType must be a TCP_OFFLOAD_EVENT_TYPE value', severity: 'error', strength: 'MUST', source: 'wdk-ddi/nc-ndischimney-ndis_tcp_offload_event_indicate.md' },
  explain: {
    checks: '`EventType` must be one of the four `TCP_OFFLOAD_EVENT_TYPE` values (1 to 4). The parameter is a plain ULONG, so the compiler accepts anything.',
    fix: 'Pass `TcpIndicateSendBacklogChange`, `TcpIndicateDisconnect`, `TcpIndicateRetrieve` or `TcpIndicateAbort`.',
    symbols: ['NdisTcpOffloadEventHandler'],
  },
  event(site, ctx) {
    for (const v of concrete(site.values.get('arg1'))) {
      const t = norm(v.expr);
      if (EVENT_TYPE_BY_NAME.has(t)) continue;
      const n = evaluate(t, ctx.ws);
      let message: string | undefined;
      let replacement: string | undefined;
      if (n !== undefined && (n < 1 || n > 4)) message = `EventType is ${t}${t === String(n) ? '' : ` (${n})`}, which is not a TCP_OFFLOAD_EVENT_TYPE; use TcpIndicateRetrieve, TcpIndicateDisconnect, TcpIndicateAbort or TcpIndicateSendBacklogChange (1 to 4).`;
      else if (n === undefined && /^Tcp[A-Z]\w*$/.test(t) && !ctx.ws.macro(t)) {
        replacement = closest(t, NAMES);
        message = `EventType is ${t}, which is not a TCP_OFFLOAD_EVENT_TYPE value${replacement ? `; did you mean ${replacement}?` : '.'}`;
      }
      if (!message) continue;
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message,
        steps: valueSteps(site, v, 'EventType'),
        fix: replacement && v.loc && v.via.length === 0 && !v.expansion ? { title: `Use ${replacement}`, loc: v.loc, newText: replacement } : undefined,
      });
    }
  },
};
