// indication/status-buffer-type: StatusBuffer points to what the status code's page documents, and
// StatusBufferSize is its size.
import type { Rule, RuleContext } from '../types';
import { reportPerPlace, type PlaceReport } from '../steps';
import { allZero, concrete, isNonZero, isZero } from '../../analysis/classify';
import { sizeofOperand } from '../../analysis/evaluate';
import { isIdentifier, norm, shown } from '../../analysis/syntax';
import { siteEntry } from '../../analysis/statusCode';
import { bufferTargets } from '../../analysis/statusBuffer';
import { functionAt, isOpaque, lvalueType, resolveType, scalarSize, type TypeRef } from '../../analysis/types';
import type { Site } from '../../analysis/sites';
import type { Value } from '../../analysis/values';
import type { StatusCatalogueEntry } from '../../ndis/statusCatalogue';
import type { WorkspaceIndex } from '../../analysis/workspace';
import type { FunctionFacts } from '../../analysis/facts';

const ID = 'indication/status-buffer-type';

export const rule: Rule = {
  meta: { id: ID, title: 'StatusBuffer must hold what the status code documents', severity: 'error', strength: 'MUST', source: 'ndis-status-docs/ndis-status-link-state.md' },
  explain: {
    checks:
      'Each documented status code says what `StatusBuffer` points to: a structure (`NDIS_LINK_STATE` for `NDIS_STATUS_LINK_STATE`, `NDIS_PORT_STATE` for `NDIS_STATUS_PORT_STATE`, ...), a plain value, a WDI message, or nothing. The buffer is judged from the declared types of what it points to (typedefs, `P` pointer names, structure fields, casts, parameters); a buffer whose type cannot be seen is not judged. A NULL buffer for a code that carries data, and a `StatusBufferSize` that is not the size of the documented type or of one of its documented revisions, are reported too.',
    fix: 'Point `StatusBuffer` at a filled structure of the documented type and set `StatusBufferSize` to `sizeof` of that type (hover the status code to see its buffer).',
    symbols: ['NdisMIndicateStatusEx', 'NdisFIndicateStatus'],
  },
  indication(site, ctx) {
    const entry = siteEntry(site.values.get('StatusCode'), ctx.ws);
    // Codes NDIS 6 drivers cannot use at all are indication/obsolete-status's concern.
    if (!entry || entry.versions.obsoleteForNdis6) return;
    reportPerPlace(site, ctx, ID, (report) => check(site, ctx, entry, report));
  },
};


function check(site: Site, ctx: RuleContext, entry: StatusCatalogueEntry, report: PlaceReport): void {
  const buffers = site.values.get('StatusBuffer');
  const sizes = site.values.get('StatusBufferSize');
  const b = entry.buffer;
  if (b.kind === 'none') {
    for (const v of concrete(buffers)) if (isNonZero(v, ctx.ws)) report(v, 'StatusBuffer', `${entry.name} carries no status buffer, but StatusBuffer is ${shown(v.expr)}; set it to NULL and StatusBufferSize to 0.`);
    return;
  }
  if (b.kind !== 'structure' && b.kind !== 'value' && b.kind !== 'wdi-message') return;
  const what = b.kind === 'wdi-message' ? 'a WDI message (a WDI_MESSAGE_HEADER and its TLVs)' : `${article(b.type!)} ${b.type}`;
  if (allZero(buffers, ctx.ws)) {
    const v = buffers![0];
    report(v, 'StatusBuffer', `${entry.name} carries ${what}, but StatusBuffer is ${v.how === 'unset' || v.how === 'zero' ? 'never set (NULL)' : 'NULL'}.`);
    return;
  }
  if (b.kind === 'wdi-message') return;
  const expected: TypeRef = { base: b.type!, stars: 0 };
  for (const t of bufferTargets(site, ctx.ws)) {
    if (!t.pointee || isOpaque(t.pointee) || fits(ctx.ws, t.pointee, expected, b.kind)) continue;
    report(t.value, 'StatusBuffer', `${entry.name} carries ${what}, but StatusBuffer (${shown(t.value.expr)}) points to ${typeName(t.pointee)}.`);
  }
  for (const s of concrete(sizes)) {
    if (isZero(s, ctx.ws)) continue; // a size of 0 with a buffer is indication/status-buffer's
    const why = sizeProblem(ctx.ws, entry, expected, s);
    if (why) report(s, 'StatusBufferSize', why);
  }
}

const article = (t: string) => (/^(NDIS_|[AEIOU])/.test(t) ? 'an' : 'a');

function typeName(t: TypeRef): string {
  return t.base + '*'.repeat(t.stars);
}

/** True when a buffer of type `got` serves where `want` is documented. */
function fits(ws: WorkspaceIndex, got: TypeRef, want: TypeRef, kind: 'structure' | 'value'): boolean {
  if (kind === 'value') {
    const a = scalarSize(got);
    const b = scalarSize(want);
    // A value is judged by its size only: ULONG and DWORD, or an enumeration, are the same four bytes.
    return a === undefined || b === undefined || a === b;
  }
  if (got.stars === 0 && got.base === want.base) return true;
  if (got.stars > 0 || scalarSize(got) !== undefined) return false;
  // A driver structure that starts with the documented one (`struct { NDIS_LINK_STATE State; ... }`).
  const first = [...(ws.struct(got.base) ?? ws.struct(`_${got.base}`) ?? new Map<string, string>()).values()][0];
  const firstType = first !== undefined ? resolveType(ws, first) : undefined;
  if (firstType && firstType.stars === 0 && firstType.base === want.base) return true;
  // Only a structure the declarations name can be told apart; an unknown name may be a typedef we do not see.
  return !isStructureName(ws, got.base);
}

function isStructureName(ws: WorkspaceIndex, name: string): boolean {
  return ws.struct(name) !== undefined || ws.struct(`_${name}`) !== undefined || /^NDIS_[A-Z0-9_]+$/.test(name);
}

/** Why a size value is not the documented type's size, or undefined when it is (or cannot be told). */
function sizeProblem(ws: WorkspaceIndex, entry: StatusCatalogueEntry, want: TypeRef, s: Value): string | undefined {
  const t = norm(s.expr);
  const sizes = (entry.header?.revisions ?? []).map((r) => r.size.name).filter((n) => /^NDIS_SIZEOF_\w+$/.test(n));
  const wanted = `sizeof(${want.base})${sizes.length ? ` or ${sizes.join(' / ')}` : ''}`;
  if (/^NDIS_SIZEOF_\w+$/.test(t)) {
    // A revision the pages do not list yet (NDIS_SIZEOF_NDIS_OFFLOAD_REVISION_7) is still this structure's size.
    if (sizes.includes(t) || ws.macro(t) || sizes.some((n) => sameFamily(n, t))) return undefined;
    return `StatusBufferSize is ${t}, the size of another structure; ${entry.name} needs ${wanted}.`;
  }
  const measured = measuredType(ws, s);
  if (!measured || isOpaque(measured)) return undefined;
  const kind = entry.buffer.kind === 'value' ? 'value' : 'structure';
  if (fits(ws, measured, want, kind)) return undefined;
  return `StatusBufferSize is ${shown(s.expr)}, the size of ${typeName(measured)}; ${entry.name} needs ${wanted}.`;
}

/** The type a `sizeof(...)` measures: a type name, or the declared type of the variable or field named. */
function measuredType(ws: WorkspaceIndex, s: Value): TypeRef | undefined {
  const of = sizeofOperand(s.expr);
  if (of === undefined) return undefined;
  const scope: FunctionFacts[] = [];
  const fn = s.loc ? functionAt(ws, s.loc) : undefined;
  if (fn) scope.push(fn);
  const operand = of.replace(/^(struct|const|union)(?=_|[A-Z])/, '');
  if (operand.startsWith('*')) {
    const p = lvalueType(ws, scope, operand.slice(1));
    return p && p.stars > 0 ? { base: p.base, stars: p.stars - 1 } : undefined;
  }
  if (/^[A-Za-z_][\w.]*(\[[^\]]*\][\w.]*)*$/.test(operand) && !(isIdentifier(operand) && !isVariable(scope, ws, operand))) {
    return lvalueType(ws, scope, operand);
  }
  if (isIdentifier(operand) || /^[A-Za-z_]\w*\*+$/.test(operand)) return resolveType(ws, operand);
  return undefined;
}

function isVariable(scope: readonly FunctionFacts[], ws: WorkspaceIndex, name: string): boolean {
  return scope.some((f) => f.locals.has(name) || f.params.some((p) => p.name === name)) || ws.global(name) !== undefined;
}

/** Two size constants of the same structure, whatever their revision. */
function sameFamily(a: string, b: string): boolean {
  const stem = (n: string) => n.replace(/_REVISION_\d+$/, '');
  return stem(a) === stem(b);
}
