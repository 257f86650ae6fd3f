// indication/flags: a miniport leaves Flags at 0 (the field is reserved for NDIS).
import type { Rule } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { concrete } from '../../analysis/classify';
import { evaluate } from '../../analysis/evaluate';
import { norm, shown } from '../../analysis/syntax';

const ID = 'indication/flags';

export const rule: Rule = {
  meta: { id: ID, title: 'Flags must be 0 in a miniport status indication', severity: 'error', strength: 'MUST', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  explain: {
    checks: '`Flags` is reserved for NDIS: a miniport leaves it 0.',
    fix: 'Zero the structure and do not set `Flags`.',
    symbols: ['NdisMIndicateStatusEx'],
  },
  indication(site, ctx) {
    for (const v of concrete(site.values.get('Flags'))) {
      const n = evaluate(v.expr, ctx.ws);
      const named = /^NDIS_STATUS_INDICATION_FLAGS_/.test(norm(v.expr));
      if ((n === undefined || n === 0) && !named) continue;
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message: `Flags is ${shown(v.expr)}; a miniport must leave Flags at 0, NDIS reserves it.`,
        steps: valueSteps(site, v, 'Flags'),
        fix: v.loc && v.via.length === 0 && !v.expansion ? { title: 'Set Flags to 0', loc: v.loc, newText: '0' } : undefined,
      });
    }
  },
};
