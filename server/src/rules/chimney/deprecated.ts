// chimney/deprecated: every chimney call is marked, the feature is deprecated.
import type { SiteRule } from '../types';
import { concrete } from '../../analysis/classify';
import { norm } from '../../analysis/syntax';
import { CHIMNEY_INDICATIONS } from '../../ndis/constants';

const CHIMNEY = new Set<string>(CHIMNEY_INDICATIONS);

export const deprecated: SiteRule = {
  id: 'chimney/deprecated',
  kind: 'indication',
  check(site, ctx) {
    const code = concrete(site.values.get('StatusCode')).find((v) => CHIMNEY.has(norm(v.expr)));
    if (!code) return;
    ctx.report({
      rule: this.id,
      loc: code.via[0] ?? site.call.nameLoc,
      message: `${norm(code.expr)} belongs to TCP chimney offload, which Microsoft documents as deprecated: new drivers should not use it.`,
      steps: [],
    });
  },
};

export const deprecatedEvent: SiteRule = {
  id: 'chimney/deprecated',
  kind: 'event',
  check(site, ctx) {
    ctx.report({
      rule: this.id,
      loc: site.call.nameLoc,
      message: 'NdisTcpOffloadEventHandler belongs to TCP chimney offload, which Microsoft documents as deprecated: new drivers should not use it.',
      steps: [],
    });
  },
};
