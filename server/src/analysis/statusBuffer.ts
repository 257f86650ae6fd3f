// What a site's StatusBuffer points to: for each written, non-NULL value, the
// function it was written in, the declared type it points to, and the object
// it designates (where its own fields can be resolved, as for the indication).
import type { FunctionFacts } from './facts';
import type { Site } from './sites';
import type { Value } from './values';
import type { WorkspaceIndex } from './workspace';
import { concrete, isZero } from './classify';
import { isIdentifier, norm, stripComments } from './syntax';
import { functionAt, pointeeType, type TypeRef } from './types';

export interface BufferTarget {
  value: Value;
  /** The function whose text the value is written in (undefined in a macro body). */
  scope?: FunctionFacts;
  /** The type the declarations say it points to. */
  pointee?: TypeRef;
  /** The object it designates, with the function and offset at which that object is complete. */
  object?: { fn: FunctionFacts; text: string; offset: number };
}

/**
 * Per site: the buffer rules all ask. A site can be kept across edits (sites.ts), so an answer holds
 * for the workspace generation it was computed in.
 */
const targets = new WeakMap<Site, { generation: number; list: BufferTarget[] }>();

/** Every written, non-NULL StatusBuffer value of a site with what it points to. */
export function bufferTargets(site: Site, ws: WorkspaceIndex): BufferTarget[] {
  ws.upToDate();
  const hit = targets.get(site);
  if (hit?.generation === ws.generation) return hit.list;
  const list = computeTargets(site, ws);
  targets.set(site, { generation: ws.generation, list });
  return list;
}

function computeTargets(site: Site, ws: WorkspaceIndex): BufferTarget[] {
  return concrete(site.values.get('StatusBuffer'))
    .filter((v) => !isZero(v, ws))
    .map((v) => {
      const scope = v.loc ? functionAt(ws, v.loc) : undefined;
      const fns = scope ? [scope] : [];
      return { value: v, scope, pointee: pointeeType(ws, fns, v.expr), object: scope ? objectOf(site, scope, v) : undefined };
    });
}

/**
 * The object the buffer designates and where it must be complete: at the indication when the value is
 * written beside it, or just after the outermost wrapper call when a caller passed it. A pointer counts
 * only when the function points it at an object (`p = &Adapter->LinkState`).
 */
function objectOf(site: Site, scope: FunctionFacts, v: Value): BufferTarget['object'] {
  let offset: number | undefined;
  if (v.via.length === 0 && scope === site.fn) offset = site.call.at.start;
  else if (v.via.length > 0 && scope === site.context) offset = v.via[0].end;
  if (offset === undefined) return undefined;
  const t = norm(v.expr);
  if (t.startsWith('&') && /^[A-Za-z_][\w.]*(\[[^\]]*\][\w.]*)*$/.test(t.slice(1))) return { fn: scope, text: t.slice(1), offset };
  if (!isIdentifier(t)) return undefined;
  let target: string | undefined;
  for (const w of scope.writes) {
    if (w.at.start >= offset) break;
    if (w.kind === 'alias' && w.name === t) target = w.target;
    else if (w.kind === 'assign' && w.lv === t && !norm(w.value).startsWith('&')) target = undefined;
  }
  return target ? { fn: scope, text: target, offset } : undefined;
}

/** The object expression as written (`&Adapter->LinkState` -> `Adapter->LinkState`), for inserted code. */
export function writtenObject(expr: string): string | undefined {
  // Comments stripped in one pass and blank runs made one space, so the pattern's `\s*` pairs cannot backtrack far.
  const t = stripComments(expr).replace(/\s+/g, ' ').trim().replace(/^\((?:PVOID|VOID\s*\*|void\s*\*)\)\s*/, '');
  const m = /^&\s*\(?\s*([A-Za-z_][\w]*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[[^\]]*\])*)\s*\)?$/.exec(t);
  return m ? m[1].replace(/\s+/g, '') : undefined;
}
