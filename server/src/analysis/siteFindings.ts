// What the checks report at one site, kept across edits with the workspace lookups they made
// (WorkspaceIndex.keep): a site that outlives an edit (sites.ts keeps each function's sites) is checked
// again only when something its checks read changed. One kept result per site for all the checks that
// run (after an edit each kept result is checked once, not once per check). Kept findings hold the
// facts' own locations, which move in place with their functions (shiftFacts.ts), so they stay where the
// code is. Whole-workspace indexes a check reads are WorkspaceIndex.derived() values.
import type { Check, CheckContext } from './checks';
import type { RawFinding } from './findings';
import type { Site } from './sites';
import type { Kept, WorkspaceIndex } from './workspace';

export interface SiteResult {
  findings: readonly RawFinding[];
  /** What checks threw (a defect of ours), each after reporting what it had found. */
  errors: readonly unknown[];
}

const kept = new WeakMap<Site, { checks: string; result: Kept<SiteResult> }>();

/** The findings of `checks` (named `ids`) at `site`: the last ones while every lookup they made answers the same. */
export function siteFindings(ws: WorkspaceIndex, site: Site, checks: readonly Check[], ids: string): SiteResult {
  const hit = kept.get(site);
  const result = ws.keep(hit?.checks === ids ? hit.result : undefined, () => {
    const findings: RawFinding[] = [];
    const errors: unknown[] = [];
    const ctx: CheckContext = { ws, report: (f) => findings.push(f) };
    for (const c of checks) {
      try {
        if (site.kind === 'indication') c.indication?.(site, ctx);
        else c.event?.(site, ctx);
      } catch (e) {
        errors.push(e);
      }
    }
    return { findings, errors };
  });
  if (hit?.checks !== ids || hit.result !== result) kept.set(site, { checks: ids, result });
  return result.value;
}
