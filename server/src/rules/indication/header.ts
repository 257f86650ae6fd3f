// indication/header: Header.Type, Revision and Size are the status-indication values.
import type { Rule } from '../types';
import { reportLoc, valueSteps } from '../steps';
import { allZero, concrete, typeKey } from '../../analysis/classify';
import { evaluate, sizeofOperand } from '../../analysis/evaluate';
import { isIdentifier, norm } from '../../analysis/syntax';
import type { Value } from '../../analysis/values';
import type { Site } from '../../analysis/sites';
import type { WorkspaceIndex } from '../../analysis/workspace';

const ID = 'indication/header';

const EXPECTED = {
  'Header.Type': { name: 'NDIS_OBJECT_TYPE_STATUS_INDICATION', value: 0x98 },
  'Header.Revision': { name: 'NDIS_STATUS_INDICATION_REVISION_1', value: 1 },
  'Header.Size': { name: 'NDIS_SIZEOF_STATUS_INDICATION_REVISION_1', value: 0x70 },
} as const;
type HeaderPath = keyof typeof EXPECTED;

function isVariable(site: Site, ws: WorkspaceIndex, name: string): boolean {
  return site.fn.locals.has(name) || site.context.locals.has(name) || site.fn.params.some((p) => p.name === name) || site.context.params.some((p) => p.name === name) || ws.global(name) !== undefined;
}

/** Why the value is wrong for the field, or undefined when it is right or cannot be judged. */
function problem(path: HeaderPath, v: Value, site: Site, ws: WorkspaceIndex): string | undefined {
  const want = EXPECTED[path];
  const t = norm(v.expr);
  if (t === want.name) return undefined;
  if (path === 'Header.Size') {
    const of = sizeofOperand(t);
    if (of !== undefined) {
      const base = of.replace(/^\*/, '');
      if (typeKey(of) === 'NDIS_STATUS_INDICATION' || (isIdentifier(base) && isVariable(site, ws, base))) return undefined;
      if (/^[A-Z_][A-Z0-9_]*$/.test(typeKey(of))) return `Header.Size is sizeof(${of}), the size of another structure; it must be ${want.name}.`;
      return undefined;
    }
    if (/^NDIS_SIZEOF_\w+$/.test(t) && !ws.macro(t)) return `Header.Size is ${t}, another structure's size; it must be ${want.name}.`;
    const n = evaluate(t, ws);
    if (n === 0) return `Header.Size is 0; it must be ${want.name}.`;
    return undefined;
  }
  const n = evaluate(t, ws);
  if (n !== undefined && n !== want.value) return `${path} is ${t === String(n) ? t : `${t} (${n})`}; a status indication needs ${want.name} (${want.value === 0x98 ? '0x98' : want.value}).`;
  if (n === undefined && path === 'Header.Type' && /^NDIS_OBJECT_TYPE_\w+$/.test(t) && !ws.macro(t)) return `Header.Type is ${t}; a status indication needs ${want.name}.`;
  return undefined;
}

export const rule: Rule = {
  meta: { id: ID, title: 'Status indication header must identify an NDIS_STATUS_INDICATION revision 1', severity: 'error', strength: 'MUST', source: 'wdk-ddi/ns-ndis-_ndis_status_indication.md' },
  explain: {
    checks: 'The `Header` of the `NDIS_STATUS_INDICATION` passed to `NdisMIndicateStatusEx` must identify the structure and its revision.',
    fix: 'After zeroing the structure, set `Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION`, `Header.Revision = NDIS_STATUS_INDICATION_REVISION_1` and `Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1`.',
    symbols: ['NdisMIndicateStatusEx'],
  },
  indication(site, ctx) {
    const paths = Object.keys(EXPECTED) as HeaderPath[];
    if (paths.every((p) => allZero(site.values.get(p), ctx.ws))) {
      const v = site.values.get('Header.Type')![0];
      ctx.report({
        rule: ID,
        loc: reportLoc(site, v),
        message: 'The indication header is never set (Type, Revision and Size are all 0); set Type to NDIS_OBJECT_TYPE_STATUS_INDICATION, Revision to NDIS_STATUS_INDICATION_REVISION_1 and Size to NDIS_SIZEOF_STATUS_INDICATION_REVISION_1.',
        steps: valueSteps(site, v, 'Header'),
        fix: v.via.length === 0 && site.local ? headerFix(site) : undefined,
      });
      return;
    }
    for (const p of paths) {
      const vals = site.values.get(p);
      if (allZero(vals, ctx.ws)) {
        const v = vals![0];
        ctx.report({ rule: ID, loc: reportLoc(site, v), message: `${p} is never set (0); it must be ${EXPECTED[p].name}.`, steps: valueSteps(site, v, p) });
        continue;
      }
      for (const v of concrete(vals)) {
        if (v.how === 'zero') continue;
        const why = problem(p, v, site, ctx.ws);
        if (why) ctx.report({ rule: ID, loc: reportLoc(site, v), message: why, steps: valueSteps(site, v, p), fix: v.loc && v.via.length === 0 && !v.expansion ? { title: `Set ${p} to ${EXPECTED[p].name}`, loc: v.loc, newText: EXPECTED[p].name } : undefined });
      }
    }
  },
};

/** Inserts the three header assignments before the call, on the object the call passes. */
function headerFix(site: Site) {
  const arg = (site.call.args[1]?.text ?? '').trim();
  const access = arg.startsWith('&') ? `${arg.slice(1).trim()}.` : `${arg}->`;
  return {
    title: 'Set the status indication header',
    before: site.call.at,
    lines: (Object.keys(EXPECTED) as HeaderPath[]).map((p) => `${access}${p} = ${EXPECTED[p].name};`),
  };
}
