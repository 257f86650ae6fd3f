// indication/source-handle: SourceHandle is the handle the call passes.
import type { Rule } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { allZero, concrete } from '../../analysis/classify';
import { norm, shown } from '../../analysis/syntax';
import { isConcrete } from '../../analysis/values';
import { isFilterIndication } from '../../analysis/sites';
import { describeOrigin, provenanceOf, type Provenance } from '../../analysis/handles';
import type { Value } from '../../analysis/values';
import type { Site } from '../../analysis/sites';
import type { WorkspaceIndex } from '../../analysis/workspace';

const ID = 'indication/source-handle';

/** Two handle expressions certainly name different bindings: both are member chains that differ. */
function differ(a: string, b: string): boolean {
  const x = norm(a);
  const y = norm(b);
  if (x === y) return false;
  return x.includes('.') && y.includes('.') && !/[()]/.test(x + y);
}

export const rule: Rule = {
  meta: { id: ID, title: 'SourceHandle must be the handle passed to NdisMIndicateStatusEx', severity: 'warning', strength: 'SHOULD', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  explain: {
    checks: "`SourceHandle` should name the same adapter as the call's first argument, the `MiniportAdapterHandle` of the indicating miniport. A forwarded indication that keeps another adapter's handle is the usual cause.",
    fix: 'Set `SourceHandle` to the handle you pass to `NdisMIndicateStatusEx`; when forwarding, copy the indication and rewrite it.',
    symbols: ['NdisMIndicateStatusEx', 'NdisFIndicateStatus'],
  },
  indication(site, ctx) {
    const vals = site.values.get('SourceHandle') ?? [];
    const handle = concrete(site.values.get('handle'))[0];
    const filter = isFilterIndication(site);
    const handleText = handle ? shown(handle.expr) : filter ? 'the filter handle' : 'the adapter handle';
    if (allZero(vals, ctx.ws)) {
      const v = vals[0];
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message: `SourceHandle is never set; it should be the ${filter ? 'NdisFilterHandle' : 'miniport adapter handle'} the call passes (${handleText}).`,
        steps: valueSteps(site, v, 'SourceHandle'),
      });
      return;
    }
    // An indication received from a lower binding and passed on as it came.
    const forwarded = vals.length > 0 && vals.every((v) => v.how === 'caller');
    // A filter passes on what it received in FilterStatus as it came; that is its documented job.
    if (forwarded && isFilterIndication(site)) return;
    if (forwarded && site.rootReached) {
      const p = site.context.params[vals[0].param ?? -1];
      if (p && /STATUS_INDICATION/.test(p.type)) {
        ctx.report({
          rule: ID,
          loc: site.call.at,
          message: `The indication received in ${p.name} is forwarded unchanged: its SourceHandle names the binding it came from, not ${handleText}. Copy it and set SourceHandle to ${handleText}.`,
          steps: [
            { loc: p.loc, message: `${p.name} arrives from the lower binding` },
            { loc: site.call.at, message: 'forwarded here without setting SourceHandle' },
          ],
        });
      }
      return;
    }
    // Compare the two handles as the function that makes the call writes them.
    if (!site.local) return;
    const h = site.values.get('handle')?.[0];
    if (!h || (!isConcrete(h) && h.how !== 'param')) return;
    for (const v of vals) {
      if ((!isConcrete(v) && v.how !== 'param') || v.how === 'zero') continue;
      const src = norm(v.expr);
      const call = norm(h.expr);
      let why: string | undefined;
      // Where each handle comes from, whatever its shape (a global, an accessor, a cast).
      const pv = origin(ctx.ws, site, v);
      const ph = origin(ctx.ws, site, h);
      const extra = [pv, ph].filter((p): p is Provenance => !!p).map((p) => ({ loc: p.loc, message: p.what }));
      if (pv && src !== call && (pv.origin === 'driver' || pv.origin === 'offload' || (ph && ph.origin !== pv.origin))) {
        why = `SourceHandle is ${shown(v.expr)}, ${describeOrigin(pv.origin)}, but the indication is made with ${shown(h.expr)}${ph ? `, ${describeOrigin(ph.origin)}` : ''}; SourceHandle must be the ${filter ? 'filter module' : 'miniport adapter'} handle the call passes`;
      } else if (holder(src, v, call)) {
        const n = holder(src, v, call)!;
        why = `SourceHandle is ${n === src ? shown(v.expr) : n}, the structure that holds the adapter handle, not the handle the call passes (${shown(h.expr)})`;
      } else if (differ(src, call)) why = `SourceHandle is ${shown(v.expr)}, but the indication is made with ${shown(h.expr)}; the two must be the same miniport adapter handle`;
      if (!why) continue;
      const steps = valueSteps(site, { ...v, via: [] }, 'SourceHandle');
      ctx.report({
        rule: ID,
        loc: site.call.at,
        message: `${why}.`,
        steps: pv || ph ? [...extra, ...steps] : steps,
        // Read through a local (`si.SourceHandle = pVElan`): the fix rewrites that read, not the local's own initializer.
        fix: (v.readAt ?? v.loc) && v.via.length === 0 ? { title: `Set SourceHandle to ${h.expr}`, loc: (v.readAt ?? v.loc)!, newText: h.expr } : undefined,
      });
    }
  },
};

/** Where a handle value comes from, read in the function that writes it (parameters by their index). */
function origin(ws: WorkspaceIndex, site: Site, v: Value): Provenance | undefined {
  if (v.how === 'param' && v.param !== undefined) {
    const p = site.context.params[v.param];
    return p ? provenanceOf(ws, site.context, p.name) : undefined;
  }
  return provenanceOf(ws, site.fn, v.expr);
}

/** The name of the value (or a local it was read through) of which the call's handle is a member. */
function holder(src: string, v: Value, call: string): string | undefined {
  return [src, ...(v.names ?? [])].find((n) => call.startsWith(n + '.'));
}
