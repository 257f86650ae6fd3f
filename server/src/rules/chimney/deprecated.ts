// chimney/deprecated: every chimney call is marked, the feature is deprecated.
import type { Rule } from '../types';
import { readCodes } from '../../analysis/statusCode';

const ID = 'chimney/deprecated';

export const rule: Rule = {
  meta: { id: ID, title: 'TCP chimney offload is deprecated', severity: 'hint', strength: 'SHOULD', source: 'wdk-docs-archived/tcp-chimney-offload-status-indications.md', deprecatedTag: true },
  explain: {
    checks: 'Microsoft marks TCP chimney offload as deprecated: new drivers should not adopt it. The hint marks chimney code so that maintenance work keeps this in mind.',
    fix: 'Nothing to fix in existing chimney code; turn the rule off in the settings if the hint is not wanted.',
    symbols: ['NdisMIndicateStatusEx', 'NdisTcpOffloadEventHandler'],
  },
  indication(site, ctx) {
    const code = readCodes(site.values.get('StatusCode'), ctx.ws).find((r) => r.status?.kind === 'chimney-indication' && r.status.protocolEvent);
    if (!code) return;
    ctx.report({
      rule: ID,
      loc: code.value.via[0] ?? site.call.nameLoc,
      message: `${code.status!.name} belongs to TCP chimney offload, which Microsoft documents as deprecated: new drivers should not use it.`,
      steps: [],
    });
  },
  event(site, ctx) {
    ctx.report({
      rule: ID,
      loc: site.call.nameLoc,
      message: 'NdisTcpOffloadEventHandler belongs to TCP chimney offload, which Microsoft documents as deprecated: new drivers should not use it.',
      steps: [],
    });
  },
};
