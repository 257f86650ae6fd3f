// protocol/offload-attributes-outside-initialize: offload attributes are set
// with NdisMSetMiniportAttributes from MiniportInitializeEx only.
import type { Rule } from '../types';
import { objectValuesAt } from '../../analysis/objectState';
import { objectOfArg, norm } from '../../analysis/syntax';
import { callersReaching } from '../../analysis/calls';
import type { FunctionFacts } from '../../analysis/facts';
import type { WorkspaceIndex } from '../../analysis/workspace';

const ID = 'protocol/offload-attributes-outside-initialize';

export const rule: Rule = {
  meta: { id: ID, title: 'Offload attributes set outside MiniportInitializeEx', severity: 'error', strength: 'MUST', source: 'wdk-ddi/nf-ndis-ndismsetminiportattributes.md' },
  explain: {
    checks: 'Offload attributes (`NDIS_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES`) go to `NdisMSetMiniportAttributes` from `MiniportInitializeEx` only, at PASSIVE_LEVEL, after the registration and general attributes.',
    fix: 'Set them during initialization; to change connection-offload capabilities later, pause, upload all and resume.',
    symbols: [],
  },
  protocol(p, ctx) {
    const initNames = p.roles.withRole('initialize');
    if (initNames.length === 0) return; // without a known MiniportInitializeEx, nothing can be judged
    for (const { fn, call: c } of p.ws.callersOf('NdisMSetMiniportAttributes')) {
      if (p.initFns.has(fn.name) || c.args.length < 2 || reachedOnlyThroughObjects(p.ws, fn)) continue;
      const obj = objectOfArg(c.args[1].text).obj;
      const type = fn.locals.get(obj) ?? '';
      const header = objectValuesAt(p.ws, fn, obj, c.at.start, ['Header.Type']).get('Header.Type') ?? [];
      const offload = /OFFLOAD_ATTRIBUTES/.test(type) || header.some((v) => norm(v.expr) === 'NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES') || /OffloadAttributes/.test(c.args[1].text);
      if (!offload) continue;
      ctx.report({
        rule: ID,
        loc: c.at,
        message: `Offload attributes are set with NdisMSetMiniportAttributes in ${fn.name}, which is not MiniportInitializeEx (${initNames.join(', ')}) nor called only from it; set them while initializing, and report later changes with pause, upload-all and resume.`,
        steps: [{ loc: c.at, message: 'offload attributes set here' }],
      });
    }
  },
};

/**
 * True when the callers of `fn` lead up to a C++ member function that nothing calls by its name, or to a
 * function stored in a dispatch table: it is
 * called through an object (`m_offload.Initialize()`) or a dispatch table, which names cannot follow, so
 * whether it runs during initialization is unknown.
 */
function reachedOnlyThroughObjects(ws: WorkspaceIndex, fn: FunctionFacts): boolean {
  const seen = new Set<FunctionFacts>([fn]);
  let frontier = [fn];
  for (let depth = 0; depth < 8 && frontier.length; depth++) {
    const next: FunctionFacts[] = [];
    for (const f of frontier) {
      const callers = callersReaching(ws, f);
      if (callers.length === 0 && (f.method || inDispatchTable(ws, f.name))) return true;
      for (const r of callers) if (!seen.has(r.fn)) seen.add(r.fn), next.push(r.fn);
    }
    frontier = next;
  }
  return false;
}

/** True when the function's address is stored in a table (`{ ..., &NetClientOffloadInitialize, ... }`): called through it. */
function inDispatchTable(ws: WorkspaceIndex, name: string): boolean {
  return ws.inTable(name);
}
