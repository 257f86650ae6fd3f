// indication/destination-request: DestinationHandle and RequestId go together.
import type { Rule } from '../types';
import { valueSteps } from '../steps';
import { allZero } from '../../analysis/classify';
import { isNonZero } from '../../analysis/classify';
import type { Value } from '../../analysis/values';
import type { WorkspaceIndex } from '../../analysis/workspace';
import { isConcrete } from '../../analysis/values';
import { norm } from '../../analysis/syntax';

const ID = 'indication/destination-request';

/** Set on every path: each value is known and not NULL. */
function allSet(vals: readonly Value[] | undefined, ws: WorkspaceIndex): boolean {
  const list = vals ?? [];
  return list.length > 0 && list.every((v) => isConcrete(v) && v.how !== 'zero' && (isNonZero(v, ws) || !/^(NULL|nullptr|0)$/.test(norm(v.expr))));
}

export const rule: Rule = {
  meta: { id: ID, title: 'DestinationHandle and RequestId are set together or not at all', severity: 'error', strength: 'MUST', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  explain: {
    checks: '`DestinationHandle` and `RequestId` go together: both NULL for an indication to every bound protocol, both set (from the OID request) only when reporting the result of an OID completed with `NDIS_STATUS_INDICATION_REQUIRED`.',
    fix: 'Set both or neither.',
    symbols: ['NdisMIndicateStatusEx', 'NDIS_STATUS_INDICATION_REQUIRED'],
  },
  indication(site, ctx) {
    const d = site.values.get('DestinationHandle');
    const r = site.values.get('RequestId');
    // A DestinationHandle always needs its RequestId. A RequestId alone is allowed: it may just
    // associate the indication with an OID; only an OID completed with NDIS_STATUS_INDICATION_REQUIRED
    // also needs the DestinationHandle, and which OID that was cannot be seen here.
    const pairs: [string, Value[] | undefined, string, Value[] | undefined][] = [['DestinationHandle', d, 'RequestId', r]];
    for (const [setName, setVals, nullName, nullVals] of pairs) {
      if (!allSet(setVals, ctx.ws) || !allZero(nullVals, ctx.ws)) continue;
      const v = setVals![0];
      ctx.report({
        rule: ID,
        loc: v.via[0] ?? site.call.at,
        message: `${setName} is set but ${nullName} is NULL; an indication sent to one driver must name the OID request it answers (set RequestId to the request's RequestId, DestinationHandle to its RequestHandle).`,
        steps: valueSteps(site, v, setName),
      });
    }
  },
};
