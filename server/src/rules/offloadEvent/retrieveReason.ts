// offload-event/retrieve-reason: TcpIndicateRetrieve carries a TCP_UPLOAD_REASON from 1 to 11.
import type { Rule } from '../types';
import { pathWords, reportLoc, valueSteps } from '../steps';
import { closest, concrete } from '../../analysis/classify';
import { evaluate } from '../../analysis/evaluate';
import { norm } from '../../analysis/syntax';
import { UPLOAD_REASONS, UPLOAD_REASON_BY_NAME } from '../../ndis/constants';

const ID = 'offload-event/retrieve-reason';

const NAMES = UPLOAD_REASONS.map((r) => r.name);

export const rule: Rule = {
  meta: { id: ID, title: 'TcpIndicateRetrieve needs a TCP_UPLOAD_REASON from 1 to 11', severity: 'error', strength: 'MUST', source: 'wdk-ddi/nc-ndischimney-ndis_tcp_offload_event_indicate.md' },
  explain: {
    checks: 'With `TcpIndicateRetrieve`, `EventSpecificInformation` must be a `TCP_UPLOAD_REASON` from `LowActivity` (1) to `HardwareFailure` (11). 0 and `MaxUploadReason` (12) are not reasons.',
    fix: 'Choose the reason that describes why the connection should go back to the host stack; `UploadRequested` covers anything not listed.',
    symbols: ['NdisTcpOffloadEventHandler', 'TcpIndicateRetrieve', 'MaxUploadReason'],
  },
  event(site, ctx) {
    const types = concrete(site.values.get('arg1'));
    if (types.length === 0 || !types.every((v) => evaluate(v.expr, ctx.ws) === 3)) return;
    for (const v of concrete(site.values.get('arg2'))) {
      const t = norm(v.expr);
      if (UPLOAD_REASON_BY_NAME.has(t)) continue;
      const n = evaluate(t, ctx.ws);
      let message: string | undefined;
      if (n !== undefined && (n < 1 || n > 11)) {
        message = `TcpIndicateRetrieve is given ${t}${t === String(n) ? '' : ` (${n})`} as its reason${pathWords(v)}; EventSpecificInformation must be a TCP_UPLOAD_REASON from LowActivity (1) to HardwareFailure (11)${t === 'MaxUploadReason' ? ', MaxUploadReason only marks the end of the list' : ''}.`;
      } else if (n === undefined && /^[A-Z][a-z]\w*$/.test(t) && !ctx.ws.macro(t) && closestWithin(t)) {
        message = `TcpIndicateRetrieve is given ${t}, which is not a TCP_UPLOAD_REASON; did you mean ${closest(t, NAMES)}?`;
      }
      if (!message) continue;
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message,
        steps: valueSteps(site, v, 'EventSpecificInformation'),
        fix: v.loc && v.via.length === 0 && !v.expansion ? { title: 'Use UploadRequested', loc: v.loc, newText: 'UploadRequested' } : undefined,
      });
    }
  },
};

/** A name close to an upload reason (a misspelling), not an unrelated variable. */
function closestWithin(t: string): boolean {
  const c = closest(t, NAMES);
  if (!c) return false;
  let d = 0;
  for (let i = 0; i < Math.max(c.length, t.length); i++) if (c[i] !== t[i]) d++;
  return d <= 3 || c.toLowerCase() === t.toLowerCase();
}
