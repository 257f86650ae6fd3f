// indication/flags: a miniport leaves Flags at 0 (the field is reserved for NDIS).
import type { SiteRule } from '../types';
import { reportLoc, valueSteps } from '../types';
import { concrete } from '../../analysis/classify';
import { evaluate } from '../../analysis/evaluate';
import { norm, shown } from '../../analysis/syntax';

export const flags: SiteRule = {
  id: 'indication/flags',
  kind: 'indication',
  check(site, ctx) {
    for (const v of concrete(site.values.get('Flags'))) {
      const n = evaluate(v.expr, ctx.ws);
      const named = /^NDIS_STATUS_INDICATION_FLAGS_/.test(norm(v.expr));
      if ((n === undefined || n === 0) && !named) continue;
      ctx.report({
        rule: this.id,
        loc: reportLoc(site, v),
        message: `Flags is ${shown(v.expr)}; a miniport must leave Flags at 0, NDIS reserves it.`,
        steps: valueSteps(site, v, 'Flags'),
        fix: v.loc && v.via.length === 0 ? { title: 'Set Flags to 0', loc: v.loc, newText: '0' } : undefined,
      });
    }
  },
};
