// indication/status-buffer: StatusBuffer and StatusBufferSize fit the status code.
import type { Rule, RuleContext } from '../types';
import { reportPerPlace, type PlaceReport } from '../steps';
import { allZero, concrete, isNonZero, isZero, typeKey } from '../../analysis/classify';
import { sizeofOperand } from '../../analysis/evaluate';
import { isIdentifier, norm, shown } from '../../analysis/syntax';
import { agreedStatus, readCodes, siteEntry } from '../../analysis/statusCode';
import type { StatusCatalogueEntry } from '../../ndis/statusCatalogue';
import type { Site } from '../../analysis/sites';
import type { Value } from '../../analysis/values';

const ID = 'indication/status-buffer';

const CONNECTION_OFFLOAD = 'NDIS_TCP_CONNECTION_OFFLOAD';

/** Declared type of a variable named in the site's functions or as a global. */
function typeOf(site: Site, ctx: RuleContext, name: string): string | undefined {
  for (const fn of [site.context, site.fn]) {
    const local = fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type;
    if (local) return local;
  }
  return ctx.ws.global(name);
}

/** The type a buffer expression points to, when visible: `&x` -> type of x; `p` -> *type of p. */
function pointee(site: Site, ctx: RuleContext, expr: string): string | undefined {
  const t = norm(expr);
  if (t.startsWith('&') && isIdentifier(t.slice(1))) return typeOf(site, ctx, t.slice(1));
  if (isIdentifier(t)) {
    const pt = typeOf(site, ctx, t);
    if (!pt) return undefined;
    if (pt.endsWith('*')) return pt.slice(0, -1);
    if (/^P[A-Z]/.test(pt)) return ctx.ws.typedef(pt)?.replace(/\*$/, '') ?? pt.slice(1);
  }
  return undefined;
}

/** The type a size expression measures, when it is a sizeof. */
function measured(site: Site, ctx: RuleContext, expr: string): string | undefined {
  const of = sizeofOperand(expr);
  if (of === undefined) return undefined;
  const base = of.replace(/^\*/, '');
  if (isIdentifier(base)) {
    const t = typeOf(site, ctx, base);
    if (t) return of.startsWith('*') ? t.replace(/\*$/, '').replace(/^P(?=[A-Z])/, '') : t;
  }
  return of;
}

function sameType(a: string, b: string): boolean {
  return typeKey(a) === typeKey(b);
}


export const rule: Rule = {
  meta: { id: ID, title: 'StatusBuffer and StatusBufferSize must fit the status code', severity: 'warning', strength: 'HEUR', source: 'wdk-docs-archived/ndis-status-offload-pause.md' },
  explain: {
    checks: 'What `StatusBuffer` points to, and `StatusBufferSize`, must suit the status code: nothing for a pause or an upload-all, nothing or an `NDIS_TCP_CONNECTION_OFFLOAD` for a resume, an `NDIS_OFFLOAD` for the task-offload indications. A NULL buffer has size 0, and a size is the size of the pointed-to type.',
    fix: 'Use `NULL` and 0, or the address of the right structure with `sizeof` of its type.',
    symbols: ['NdisMIndicateStatusEx', 'NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'],
  },
  indication(site, ctx) {
    const buffers = site.values.get('StatusBuffer');
    const sizes = site.values.get('StatusBufferSize');
    // One finding per place: a wrong buffer and its wrong size are one mistake.
    reportPerPlace(site, ctx, ID, (report) => collect(site, ctx, buffers, sizes, report));
  },
};

/** The problems of a site's buffer and size, handed to `report` (one call per problem). */
function collect(site: Site, ctx: RuleContext, buffers: Value[] | undefined, sizes: Value[] | undefined, report: PlaceReport): void {
  // The status code decides what the buffer must be, when every path agrees on it.
  const code = agreedStatus(readCodes(site.values.get('StatusCode'), ctx.ws));

  if (code?.buffer === 'none') {
    for (const v of concrete(buffers)) if (isNonZero(v, ctx.ws)) report(v, 'StatusBuffer', `${code.name} carries no status buffer, but StatusBuffer is ${shown(v.expr)}; set it to NULL and StatusBufferSize to 0.`);
    for (const v of concrete(sizes)) if (isNonZero(v, ctx.ws)) report(v, 'StatusBufferSize', `${code.name} carries no status buffer, but StatusBufferSize is ${shown(v.expr)}; it must be 0.`);
    return;
  }
  // A NULL buffer with a size (a code documented to carry data: indication/status-buffer-type says it).
  if (allZero(buffers, ctx.ws)) {
    if (carriesData(siteEntry(site.values.get('StatusCode'), ctx.ws))) return;
    for (const v of concrete(sizes)) if (isNonZero(v, ctx.ws)) report(v, 'StatusBufferSize', `StatusBuffer is NULL but StatusBufferSize is ${shown(v.expr)}; a NULL buffer has size 0.`);
    return;
  }
  // Pair a buffer with a size only when each has one non-NULL value: in branchy code the values of
  // different branches must not be compared with each other.
  const nonNull = concrete(buffers).filter((v) => !isZero(v, ctx.ws));
  if (nonNull.length !== 1) return;
  const buffer = nonNull[0];
  const pointed = pointee(site, ctx, buffer.expr);
  if (code?.buffer === 'none-or-connection-offload' || code?.buffer === 'connection-offload') {
    if (pointed && !sameType(pointed, CONNECTION_OFFLOAD)) {
      report(buffer, 'StatusBuffer', `${code.name} carries an ${CONNECTION_OFFLOAD} or nothing, but StatusBuffer points to ${typeKey(pointed)}.`);
      return;
    }
  }
  const sizeVals = concrete(sizes);
  if (sizeVals.length > 0 && sizeVals.every((s) => isZero(s, ctx.ws)) && (sizes ?? []).every((s) => s.how !== 'unknown' && s.how !== 'param' && s.how !== 'caller')) {
    report(sizeVals[0], 'StatusBufferSize', `StatusBuffer is ${shown(buffer.expr)} but StatusBufferSize is 0; give the size of the buffer.`);
    return;
  }
  // A code whose documented buffer indication/status-buffer-type checks has its size judged there:
  // a wrong size is one mistake, reported once.
  if (carriesData(siteEntry(site.values.get('StatusCode'), ctx.ws))) return;
  const nonZero = sizeVals.filter((s) => !isZero(s, ctx.ws));
  if (nonZero.length !== 1) return;
  const s = nonZero[0];
  const m = measured(site, ctx, s.expr);
  const expected = pointed ?? (code?.buffer === 'connection-offload' || code?.buffer === 'none-or-connection-offload' ? CONNECTION_OFFLOAD : undefined);
  if (m && expected && !sameType(m, expected)) {
    report(s, 'StatusBufferSize', `StatusBufferSize is ${shown(s.expr)}, but StatusBuffer points to ${typeKey(expected)}; the size must be sizeof(${typeKey(expected)}).`);
  }
}

/** A documented code whose buffer indication/status-buffer-type checks. */
function carriesData(e: StatusCatalogueEntry | undefined): boolean {
  return !!e && !e.versions.obsoleteForNdis6 && (e.buffer.kind === 'structure' || e.buffer.kind === 'value' || e.buffer.kind === 'wdi-message');
}
