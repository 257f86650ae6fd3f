// offload-event/handle: the first argument is a TCP connection's NdisOffloadHandle.
import type { Rule, RuleContext } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { isConcrete } from '../../analysis/values';
import { norm, shown } from '../../analysis/syntax';
import type { Site } from '../../analysis/sites';

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
    checks: "The first argument identifies the connection: the `NdisOffloadHandle` that arrived in the connection's offload block list and that the target stored in its connection context. The adapter handle, the adapter context, `MiniportOffloadContext` or a block-list pointer are wrong here.",
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
      if (ADAPTER_NAME.test(last)) {
        why = `${u} is the adapter's handle or context`;
      } else if (OFFLOAD_CONTEXT.test(last) || OFFLOAD_CONTEXT.test(t)) {
        why = `${u} is the target's own offload context, not the handle the host gave for the connection`;
      } else if (last === 'NdisOffloadHandle' && parts.length > 1) {
        const baseType = typeOfExpr(site, ctx, parts.slice(0, -1).join('.'));
        if (baseType && /NEIGHBOR|PATH/i.test(baseType)) why = `${u} belongs to a ${/NEIGHBOR/i.test(baseType) ? 'neighbor' : 'path'} state object (${baseType.replace(/\*$/, '')}); only TCP connections can be retrieved, aborted or disconnected`;
      } else {
        const type = typeOfExpr(site, ctx, t);
        if (type && /OFFLOAD_BLOCK_LIST/.test(type)) why = `${u} is the offload block list, not the handle stored in it`;
      }
      if (!why) continue;
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message: `NdisTcpOffloadEventHandler needs the NdisOffloadHandle of the TCP connection (from its offload block list), but ${why}.`,
        steps: valueSteps(site, v, 'NdisOffloadHandle'),
      });
    }
  },
};
