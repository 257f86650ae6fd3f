// What a check reports at one site, kept across edits with the workspace lookups the check made
// (WorkspaceIndex.keep): a site that outlives an edit (sites.ts keeps each function's sites) is checked
// again only when something its check read changed. Kept findings hold the facts' own locations, which
// move in place with their functions (shiftFacts.ts), so they stay where the code is. A check that reads
// a whole-workspace index (handles.ts, paths/irql.ts) looks up every file, which no edit leaves as it
// was: its results are never kept across one.
import type { Check, CheckContext } from './checks';
import type { RawFinding } from './findings';
import type { Site } from './sites';
import type { Kept, WorkspaceIndex } from './workspace';

const kept = new WeakMap<Site, Map<string, Kept<RawFinding[]>>>();

/** The findings of `check` at `site`: its last ones while every lookup they made answers the same. */
export function siteFindings(ws: WorkspaceIndex, site: Site, check: Check): readonly RawFinding[] {
  let perSite = kept.get(site);
  if (!perSite) kept.set(site, (perSite = new Map()));
  const result = ws.keep(perSite.get(check.meta.id), () => {
    const out: RawFinding[] = [];
    const ctx: CheckContext = { ws, report: (f) => out.push(f) };
    if (site.kind === 'indication') check.indication?.(site, ctx);
    else check.event?.(site, ctx);
    return out;
  });
  perSite.set(check.meta.id, result);
  return result.value;
}
