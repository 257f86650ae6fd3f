// offload-event/handle: the first argument is a TCP connection's NdisOffloadHandle.
import type { Rule, RuleContext } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { isConcrete } from '../../analysis/values';
import { norm, shown } from '../../analysis/syntax';
import type { Site } from '../../analysis/sites';
import { describeOrigin, provenanceOf, type Provenance } from '../../analysis/handles';
import { lvalueType } from '../../analysis/types';

const ID = 'offload-event/handle';

const ADAPTER_NAME = /^(Miniport)?Adapter(Handle|Context)$|^NdisMiniportHandle$|^MiniportHandle$/;
const OFFLOAD_CONTEXT = /^\*?(Miniport)?OffloadContext$/;

/** Declared type of an expression (`a.b.c`) through locals, parameters, globals and struct fields. */
function typeOfExpr(site: Site, ctx: RuleContext, expr: string): string | undefined {
  const parts = norm(expr).split('.');
  let t: string | undefined;
  for (const fn of [site.context, site.fn]) t ??= fn.locals.get(parts[0]) ?? fn.params.find((p) => p.name === parts[0])?.type;
  t ??= ctx.ws.global(parts[0]);
  for (const field of parts.slice(1)) {
    if (!t) return undefined;
    const s = structOf(ctx, t);
    t = s?.get(field);
  }
  return t;
}

function structOf(ctx: RuleContext, type: string): Map<string, string> | undefined {
  let t = type.replace(/\b(struct|const|CONST)\b/g, '').trim().replace(/\*$/, '');
  for (let i = 0; i < 4; i++) {
    const s = ctx.ws.struct(t);
    if (s) return s;
    const alias = ctx.ws.typedef(t);
    if (!alias) return undefined;
    t = alias.replace(/\*$/, '');
  }
  return undefined;
}

export const rule: Rule = {
  meta: { id: ID, title: "The first argument must be a TCP connection's NdisOffloadHandle", severity: 'error', strength: 'MUST', source: 'wdk-docs-archived/terminate-offload-requested-by-an-offload-target.md' },
  explain: {
    checks: "The first argument identifies the connection: the `NdisOffloadHandle` that arrived in the connection's offload block list and that the target stored in its connection context. The analysis follows where the argument comes from: the adapter handle NDIS gave MiniportInitializeEx (wherever the driver stored it), the driver handle from NdisMRegisterMiniportDriver, a pointer to one of the driver's own structures (the adapter or connection context), `MiniportOffloadContext` or a block-list pointer are wrong here.",
    fix: "Pass the stored handle, for example `Connection->NdisOffloadHandle`.",
    symbols: ['NdisTcpOffloadEventHandler'],
  },
  event(site, ctx) {
    // Parameters count too: a handler's own MiniportAdapterContext is judged by its name.
    for (const v of (site.values.get('arg0') ?? []).filter((x) => isConcrete(x) || x.how === 'param')) {
      const t = norm(v.expr);
      const u = shown(v.expr);
      const parts = t.split('.');
      const last = parts[parts.length - 1];
      let why: string | undefined;
      // Where the handle comes from decides first; its name only when that cannot be told.
      const from = v.how === 'param' && v.param !== undefined ? provenanceOf(ctx.ws, site.context, site.context.params[v.param]?.name ?? '') : provenanceOf(ctx.ws, site.fn, v.expr);
      const declared = lvalueType(ctx.ws, [site.context, site.fn], t);
      let origin: Provenance | undefined;
      const ownerType = last === 'NdisOffloadHandle' && parts.length > 1 ? typeOfExpr(site, ctx, parts.slice(0, -1).join('.')) : undefined;
      if (ownerType && /NEIGHBOR|PATH/i.test(ownerType)) {
        // A state object's handle also comes from a block list, but only connections take events.
        why = `${u} belongs to a ${/NEIGHBOR/i.test(ownerType) ? 'neighbor' : 'path'} state object (${ownerType.replace(/\*$/, '')}); only TCP connections can be retrieved, aborted or disconnected`;
      } else if (from?.origin === 'offload') {
        continue;
      } else if (from) {
        origin = from;
        why = `${u} holds ${describeOrigin(from.origin)}${from.origin === 'adapter' ? ' NDIS gave MiniportInitializeEx' : from.origin === 'driver' ? ' from NdisMRegisterMiniportDriver' : ''}, not a connection's`;
      } else if (declared && declared.stars === 1 && (ctx.ws.struct(declared.base) || ctx.ws.struct(`_${declared.base}`))) {
        why = `${u} is a pointer to ${declared.base}, one of the driver's own structures, not a handle`;
      } else if (ADAPTER_NAME.test(last)) {
        why = `${u} is the adapter's handle or context`;
      } else if (OFFLOAD_CONTEXT.test(last) || OFFLOAD_CONTEXT.test(t)) {
        why = `${u} is the target's own offload context, not the handle the host gave for the connection`;
      } else if (last !== 'NdisOffloadHandle') {
        const type = typeOfExpr(site, ctx, t);
        if (type && /OFFLOAD_BLOCK_LIST/.test(type)) why = `${u} is the offload block list, not the handle stored in it`;
      }
      if (!why) continue;
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message: `NdisTcpOffloadEventHandler needs the NdisOffloadHandle of the TCP connection (from its offload block list), but ${why}.`,
        steps: [...(origin ? [{ loc: origin.loc, message: origin.what }] : []), ...valueSteps(site, v, 'NdisOffloadHandle')],
      });
    }
  },
};
