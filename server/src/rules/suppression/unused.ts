// suppression/unused: a suppression comment or pragma that silences nothing.
import type { Rule } from '../types';

const ID = 'suppression/unused';

export const rule: Rule = {
  meta: { id: ID, title: 'A suppression comment that silences nothing', severity: 'hint', strength: 'HEUR', source: 'wdk-ddi/nf-ndis-ndismindicatestatusex.md' },
  explain: {
    checks: 'A suppression (`// ndis-offload-disable-next-line`, `// ndis-offload-disable-file`, or a `#pragma warning(suppress: ...)` / `#pragma prefast(suppress: ...)` naming one of our rule ids) that silences no finding. The code it once excused has changed, or the rule id is misspelled.',
    fix: 'Remove the suppression, or correct the rule id it names.',
    symbols: [],
  },
  unusedSuppressions(unused, ctx) {
    for (const u of unused) {
      ctx.report({ rule: ID, loc: u.loc, message: `This suppression of ${u.rules.join(', ')} silences nothing: no such finding is reported on the line it covers.`, steps: [] });
    }
  },
};
