// indication/destination-request: DestinationHandle and RequestId go together.
import type { SiteRule } from '../types';
import { valueSteps } from '../types';
import { allZero } from '../../analysis/classify';
import { isNonZero } from '../../analysis/classify';
import type { Value } from '../../analysis/values';
import type { WorkspaceIndex } from '../../analysis/workspace';
import { isConcrete } from '../../analysis/values';
import { norm } from '../../analysis/syntax';

/** Set on every path: each value is known and not NULL. */
function allSet(vals: readonly Value[] | undefined, ws: WorkspaceIndex): boolean {
  const list = vals ?? [];
  return list.length > 0 && list.every((v) => isConcrete(v) && v.how !== 'zero' && (isNonZero(v, ws) || !/^(NULL|0)$/.test(norm(v.expr))));
}

export const destinationRequest: SiteRule = {
  id: 'indication/destination-request',
  kind: 'indication',
  check(site, ctx) {
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
        rule: this.id,
        loc: v.via[0] ?? site.call.at,
        message: `${setName} is set but ${nullName} is NULL; an indication sent to one driver must name the OID request it answers (set RequestId to the request's RequestId, DestinationHandle to its RequestHandle).`,
        steps: valueSteps(site, v, setName),
      });
    }
  },
};
