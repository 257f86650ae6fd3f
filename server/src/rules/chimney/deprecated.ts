// chimney/deprecated: one hint per file that uses TCP chimney offload, on its first use.
// Never a strikethrough: correct chimney code is not wrong code, and marking every call
// made correct failover code look crossed out.
import type { Rule } from '../types';
import type { Loc } from '../../analysis/source';
import { readCodes } from '../../analysis/statusCode';

const ID = 'chimney/deprecated';

export const rule: Rule = {
  meta: { id: ID, title: 'TCP chimney offload is deprecated', severity: 'hint', strength: 'SHOULD', source: 'wdk-docs-archived/tcp-chimney-offload-status-indications.md' },
  explain: {
    checks: 'Microsoft marks TCP chimney offload as deprecated: new drivers should not adopt it. One hint per file, on its first chimney call, keeps this in mind during maintenance without marking every call.',
    fix: 'Nothing to fix in existing chimney code; turn the rule off in the settings if the hint is not wanted.',
    symbols: ['NdisMIndicateStatusEx', 'NdisTcpOffloadEventHandler'],
  },
  protocol(p, ctx) {
    // Every chimney use of the workspace, then the first one of each file.
    const uses: { loc: Loc; what: string }[] = [];
    for (const site of p.sites) {
      if (site.kind === 'indication') {
        const code = readCodes(site.values.get('StatusCode'), ctx.ws).find((r) => r.status?.kind === 'chimney-indication' && r.status.protocolEvent);
        if (code) uses.push({ loc: code.value.via[0] ?? site.call.nameLoc, what: code.status!.name });
      } else {
        uses.push({ loc: site.call.nameLoc, what: 'NdisTcpOffloadEventHandler' });
      }
    }
    const byFile = new Map<string, { loc: Loc; what: string }[]>();
    for (const u of uses) {
      const list = byFile.get(u.loc.uri) ?? [];
      if (!list.some((x) => x.loc.start === u.loc.start)) list.push(u);
      byFile.set(u.loc.uri, list);
    }
    for (const list of byFile.values()) {
      list.sort((a, b) => a.loc.start - b.loc.start);
      const names = [...new Set(list.map((u) => u.what))];
      const more = list.length > 1 ? ` This file has ${list.length} chimney calls (${names.join(', ')}); this hint stands for all of them.` : '';
      ctx.report({
        rule: ID,
        loc: list[0].loc,
        message: `${list[0].what} belongs to TCP chimney offload, which Microsoft documents as deprecated: new drivers should not use it.${more}`,
        steps: [],
      });
    }
  },
};
