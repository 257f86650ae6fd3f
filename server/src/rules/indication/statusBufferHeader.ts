// indication/status-buffer-header: when the status buffer is an NDIS object (it starts with an
// NDIS_OBJECT_HEADER), its Header Type, Revision and Size are the documented ones when the call is made.
import type { FixSpec, RelatedStep, Rule, RuleContext } from '../types';
import { reportLoc, writtenBy } from '../steps';
import { allZero, concrete, typeKey } from '../../analysis/classify';
import { evaluate, sizeofOperand } from '../../analysis/evaluate';
import { norm, shown } from '../../analysis/syntax';
import { siteEntry } from '../../analysis/statusCode';
import { bufferTargets, writtenObject, type BufferTarget } from '../../analysis/statusBuffer';
import { objectValuesAt } from '../../analysis/objectState';
import { lvalueType } from '../../analysis/types';
import type { Site } from '../../analysis/sites';
import type { Value } from '../../analysis/values';
import type { ObjectHeaderFacts, StatusCatalogueEntry } from '../../ndis/statusCatalogue';

const ID = 'indication/status-buffer-header';
const PATHS = ['Header.Type', 'Header.Revision', 'Header.Size'] as const;
type HeaderPath = (typeof PATHS)[number];

export const rule: Rule = {
  meta: { id: ID, title: "The status buffer's own Header must be the documented one", severity: 'error', strength: 'MUST', source: 'ndis-status-docs/ndis-status-link-state.md' },
  explain: {
    checks:
      "When a status code's buffer is an NDIS object (`NDIS_LINK_STATE`, `NDIS_PORT_STATE`, `NDIS_OFFLOAD`, the WWAN structures, ...), its own `Header` must say what it is: the documented `Type`, one of the documented `Revision`s, and the `Size` of that revision. The header is followed to the call through assignments, initializers, init functions and macros, and zeroing, like the indication's; a header that cannot be followed is not judged.",
    fix: 'Set the buffer\'s `Header.Type`, `Header.Revision` and `Header.Size` before the call (hover the status code for the values), after zeroing the structure.',
    symbols: ['NdisMIndicateStatusEx', 'NdisFIndicateStatus'],
  },
  indication(site, ctx) {
    const entry = siteEntry(site.values.get('StatusCode'), ctx.ws);
    if (!entry?.header || entry.versions.obsoleteForNdis6) return;
    for (const t of bufferTargets(site, ctx.ws)) checkTarget(site, ctx, entry, entry.header, t);
  },
};

function checkTarget(site: Site, ctx: RuleContext, entry: StatusCatalogueEntry, header: ObjectHeaderFacts, t: BufferTarget): void {
  const o = t.object;
  // A buffer of another type is indication/status-buffer-type's finding, not a header problem.
  if (!o || (t.pointee && typeKey(t.pointee.base) !== typeKey(entry.buffer.type ?? '') && t.pointee.stars === 0)) return;
  const state = objectValuesAt(ctx.ws, o.fn, o.text, o.offset, PATHS);
  const type = entry.buffer.type!;
  const where = reportLoc(site, t.value);
  const steps = (v: Value | undefined, field: string): RelatedStep[] => [
    ...(t.value.loc ? [{ loc: t.value.loc, message: `StatusBuffer set to ${shown(t.value.expr)} here` }] : []),
    ...(v?.loc ? [{ loc: v.loc, message: v.how === 'zero' ? `${field} left zero here` : `${field} set here` }] : []),
    ...(v?.through ?? []).map((loc) => ({ loc, message: writtenBy(v, loc, field) })),
    ...t.value.via.map((loc) => ({ loc, message: 'passed on by this call' })),
    { loc: site.call.at, message: 'indicated here' },
  ];
  const latest = header.revisions[header.revisions.length - 1];
  if (PATHS.every((p) => allZero(state.get(p), ctx.ws))) {
    const v = state.get('Header.Type')![0];
    ctx.report({
      rule: ID,
      loc: where,
      message: `The ${type} that StatusBuffer points to has no Header (Type, Revision and Size are 0); NDIS and the drivers above check it: set Type to ${header.type.name}, Revision to ${latest.revision.name} and Size to ${latest.size.name}.`,
      steps: steps(v, `${type} Header`),
      fix: headerFix(site, t, header),
    });
    return;
  }
  // One finding per buffer: the header's problems are one mistake, told together.
  const problems: { message: string; steps: RelatedStep[] }[] = [];
  for (const p of PATHS) {
    const vals = state.get(p);
    if (allZero(vals, ctx.ws)) {
      problems.push({ message: `${type}.${p} is never set (0); it must be ${expected(p, header)}.`, steps: steps(vals![0], `${type}.${p}`) });
      continue;
    }
    for (const v of concrete(vals)) {
      if (v.how === 'zero') continue;
      const why = problem(p, v, header, type, o.fn, ctx);
      if (why) problems.push({ message: why, steps: steps(v, `${type}.${p}`) });
    }
  }
  // A documented revision with the size constant of another revision.
  const revs = concrete(state.get('Header.Revision')).map((v) => revisionOf(header, v, ctx));
  const sizes = concrete(state.get('Header.Size'));
  if (revs.length === 1 && revs[0] !== undefined && sizes.length === 1) {
    const j = header.revisions.findIndex((r) => r.size.name === norm(sizes[0].expr) && !r.size.name.startsWith('sizeof('));
    const i = revs[0];
    if (j >= 0 && j !== i && header.revisions[j].size.name !== header.revisions[i].size.name) {
      problems.push({
        message: `${type}.Header.Revision is ${header.revisions[i].revision.name} but Header.Size is ${header.revisions[j].size.name}, the size of another revision; use ${header.revisions[i].size.name}.`,
        steps: steps(sizes[0], `${type}.Header.Size`),
      });
    }
  }
  if (problems.length) ctx.report({ rule: ID, loc: where, message: problems.map((p) => p.message).join(' '), steps: problems[0].steps });
}

function revisionOf(h: ObjectHeaderFacts, v: Value, ctx: RuleContext): number | undefined {
  const t = norm(v.expr);
  const n = evaluate(t, ctx.ws);
  const i = h.revisions.findIndex((r) => r.revision.name === t || (n !== undefined && r.revision.value === n));
  return i >= 0 ? i : undefined;
}

function expected(p: HeaderPath, h: ObjectHeaderFacts): string {
  if (p === 'Header.Type') return h.type.name;
  const names = h.revisions.map((r) => (p === 'Header.Revision' ? r.revision.name : r.size.name));
  return names.length === 1 ? names[0] : `one of ${names.join(', ')}`;
}

/** Why one written header value is wrong for the buffer's structure, or undefined when it is right or cannot be told. */
function problem(p: HeaderPath, v: Value, h: ObjectHeaderFacts, type: string, fn: Site['fn'], ctx: RuleContext): string | undefined {
  const t = norm(v.expr);
  const n = evaluate(t, ctx.ws);
  const written = n !== undefined && t !== String(n) ? `${t} (${n})` : t;
  if (p === 'Header.Type') {
    if (t === h.type.name || n === undefined || h.type.value === undefined || n === h.type.value) return undefined;
    return `${type}.Header.Type is ${written}; ${type} is identified by ${h.type.name}.`;
  }
  if (p === 'Header.Revision') {
    if (/^NDIS_SIZEOF_\w+$/.test(t)) return `${type}.Header.Revision is ${t}, a size constant; it must be ${expected(p, h)}.`;
    if (revisionOf(h, v, ctx) !== undefined || n === undefined) return undefined;
    return `${type}.Header.Revision is ${written}, which is not a documented revision of ${type} (${expected(p, h)}).`;
  }
  // Size: a documented size constant, sizeof the structure (or of a variable of it), or a number we cannot judge.
  const sizes = h.revisions.map((r) => r.size.name);
  if (sizes.includes(t)) return undefined;
  const of = sizeofOperand(t);
  if (of !== undefined) {
    const operand = of.replace(/^(struct|const)(?=_|[A-Z])/, '').replace(/^\*/, '');
    const named = lvalueType(ctx.ws, [fn], operand);
    const base = named ? named.base : typeKey(operand);
    if (typeKey(base) === typeKey(type) || (named && named.stars > 0) || !/^[A-Z][A-Z0-9_]*$/.test(typeKey(base))) return undefined;
    return `${type}.Header.Size is sizeof(${of}), the size of another structure; it must be ${expected(p, h)}.`;
  }
  // A revision the pages do not list yet (NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_7) is still this structure's size.
  const stem = (n: string) => n.replace(/_REVISION_\d+$/, '');
  if (/^NDIS_SIZEOF_\w+$/.test(t) && !ctx.ws.macro(t) && !sizes.some((n) => stem(n) === stem(t))) return `${type}.Header.Size is ${t}, another structure's size; it must be ${expected(p, h)}.`;
  // An NDIS_OBJECT_HEADER alone is 4 bytes: a smaller Size is a revision number or a slip.
  if (n !== undefined && n < 4) return `${type}.Header.Size is ${written}, smaller than the header itself; it must be ${expected(p, h)}.`;
  return undefined;
}

/** Inserts the buffer's three header assignments before the call, with the latest documented revision. */
function headerFix(site: Site, t: BufferTarget, h: ObjectHeaderFacts): FixSpec | undefined {
  if (!site.local || t.value.via.length > 0 || t.value.through?.length || t.object?.fn !== site.fn) return undefined;
  const obj = writtenObject(t.value.expr);
  if (!obj) return undefined;
  const latest = h.revisions[h.revisions.length - 1];
  return {
    title: `Set the ${obj} header`,
    before: site.call.at,
    lines: [`${obj}.Header.Type = ${h.type.name};`, `${obj}.Header.Revision = ${latest.revision.name};`, `${obj}.Header.Size = ${latest.size.name};`],
  };
}
