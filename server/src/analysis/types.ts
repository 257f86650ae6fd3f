// The declared type of an expression, from what the workspace declares: locals,
// parameters and globals, struct fields, typedefs of the workspace and the
// `P`-pointer alias convention of the Windows headers (PNDIS_LINK_STATE is an
// NDIS_LINK_STATE *), and casts. Anything it cannot follow is undefined, never a guess.
import type { FunctionFacts } from './facts';
import type { Loc } from './source';
import type { Kept, WorkspaceIndex } from './workspace';
import { typeKey } from './classify';
import { isIdentifier, norm, stripComments, stripOuterParens } from './syntax';
import { isKnownTypeName, OPAQUE_POINTEE, SCALAR_SIZE } from '../ndis/cTypes';
import { STRUCTURES } from '../ndis/structureFacts';

/** A type as a base name (no `struct`, no leading underscore) and a pointer depth. */
export interface TypeRef {
  base: string;
  stars: number;
}

/** The function whose body holds `loc` (undefined for file scope and macro bodies). */
export function functionAt(ws: WorkspaceIndex, loc: Loc): FunctionFacts | undefined {
  return ws.fileFacts(loc.uri)?.functions.find((f) => f.span.start <= loc.start && loc.end <= f.span.end);
}

/** Resolved type texts, kept while the typedefs and structures they read are unchanged: the same few type names are asked for again and again. */
const resolved = new WeakMap<WorkspaceIndex, Map<string, Kept<TypeRef | undefined>>>();

/** A written type (`PADAPTER`, `struct _X *`, `UCHAR[]`) resolved through typedefs and P-aliases. */
export function resolveType(ws: WorkspaceIndex, text: string): TypeRef | undefined {
  let memo = resolved.get(ws);
  if (!memo) resolved.set(ws, (memo = new Map()));
  const k = ws.keep(memo.get(text), () => computeType(ws, text));
  memo.set(text, k);
  return k.value;
}

/** Typedefs followed at most for one type: a longer chain (or a cycle, `typedef A B; typedef B A;`) is not a type we know. */
const MAX_TYPEDEF_HOPS = 64;

function computeType(ws: WorkspaceIndex, text: string): TypeRef | undefined {
  // Each typedef followed adds its own pointer depth; a loop, not a recursion, so no chain can overflow the stack.
  let outer = 0;
  let current = text;
  for (let hop = 0; hop < MAX_TYPEDEF_HOPS; hop++) {
    let { name: t, stars } = pointerDepth(current.replace(/\b(const|volatile|CONST|VOLATILE|struct|union|enum|unsigned|signed)\b/g, ' ').trim());
    if (!isIdentifier(t)) return undefined;
    let next: string | undefined;
    for (let guard = 0; guard < 8; guard++) {
      const alias = ws.typedef(t) ?? ws.typedef(`_${t}`);
      if (alias !== undefined && norm(alias) !== t && alias.replace(/\*+$/, '').replace(/^_/, '') !== t.replace(/^_/, '')) {
        next = alias;
        break;
      }
      // PNAME / LPNAME for a type the headers or the workspace know.
      const p = /^L?P([A-Z_][A-Za-z0-9_]*)$/.exec(t);
      if (p && isTypeName(ws, p[1])) {
        t = p[1];
        stars++;
        continue;
      }
      break;
    }
    if (next === undefined) return { base: typeKey(t), stars: outer + stars };
    outer += stars;
    current = next;
  }
  return undefined;
}

/** `T * *` / `T[]` -> T and the number of `*` and `[]` at its end (one scan back from the end). */
function pointerDepth(t: string): { name: string; stars: number } {
  let end = t.length;
  let stars = 0;
  for (;;) {
    let e = end;
    while (e > 0 && /\s/.test(t[e - 1])) e--;
    if (t[e - 1] === '*') end = e - 1;
    else if (t[e - 1] === ']' && t[e - 2] === '[') end = e - 2;
    else break;
    stars++;
  }
  return { name: t.slice(0, end).trim(), stars };
}

function isTypeName(ws: WorkspaceIndex, name: string): boolean {
  return isKnownTypeName(name) || name in STRUCTURES || ws.struct(name) !== undefined || ws.struct(`_${name}`) !== undefined || ws.typedef(name) !== undefined;
}

/** The declared type of a variable seen from `fns` (innermost first), or a global. */
function variableType(ws: WorkspaceIndex, fns: readonly FunctionFacts[], name: string): string | undefined {
  for (const fn of fns) {
    const t = fn.locals.get(name) ?? fn.params.find((p) => p.name === name)?.type;
    if (t !== undefined) return t;
  }
  // In a C++ member function a bare name may be a member of its class (`this->` left implicit).
  for (const fn of fns) {
    const member = fn.owner !== undefined ? (ws.struct(fn.owner) ?? ws.struct(`_${fn.owner}`))?.get(name) : undefined;
    if (member !== undefined) return member;
  }
  return ws.global(name);
}

function fieldType(ws: WorkspaceIndex, owner: TypeRef, field: string): string | undefined {
  const fields = ws.struct(owner.base) ?? ws.struct(`_${owner.base}`);
  return fields?.get(field);
}

/** The type of an lvalue chain such as `Adapter.LinkState`, `p.Ports[2].State` (normalised text). */
export function lvalueType(ws: WorkspaceIndex, fns: readonly FunctionFacts[], expr: string): TypeRef | undefined {
  const t = norm(expr);
  const head = /^[A-Za-z_]\w*/.exec(t);
  if (!head) return undefined;
  const declared = variableType(ws, fns, head[0]);
  if (declared === undefined) return undefined;
  let cur = resolveType(ws, declared);
  let rest = t.slice(head[0].length);
  while (cur && rest) {
    const member = /^\.([A-Za-z_]\w*)/.exec(rest);
    if (member) {
      // `->` and `.` are the same after normalisation: step through one pointer when there is one.
      if (cur.stars > 1) return undefined;
      const ft = fieldType(ws, { base: cur.base, stars: 0 }, member[1]);
      if (ft === undefined) return undefined;
      cur = resolveType(ws, ft);
      rest = rest.slice(member[0].length);
      continue;
    }
    const index = /^\[[^\]]*\]/.exec(rest);
    if (index) {
      // An array field keeps its element type (the declarator's brackets are not in the field type).
      if (cur.stars > 0) cur = { base: cur.base, stars: cur.stars - 1 };
      rest = rest.slice(index[0].length);
      continue;
    }
    return undefined;
  }
  return rest ? undefined : cur;
}

const CAST = /^\(\s*((?:const\s+|volatile\s+|struct\s+|CONST\s+)*[A-Za-z_]\w*(?:\s*\*)*)\s*\)\s*/;

/** What a pointer-valued expression points to: `&x`, `&a->b`, `p`, `(PNDIS_LINK_STATE)buf`, `arr`. */
export function pointeeType(ws: WorkspaceIndex, fns: readonly FunctionFacts[], raw: string): TypeRef | undefined {
  let text = stripComments(raw).trim();
  for (let guard = 0; guard < 4; guard++) {
    const inner = stripParens(text);
    const cast = CAST.exec(inner);
    if (!cast) {
      text = inner;
      break;
    }
    const to = resolveType(ws, cast[1]);
    // A cast to a typed pointer says what the code means to pass; PVOID and byte pointers say nothing.
    if (to && to.stars === 1 && !OPAQUE_POINTEE.has(to.base)) return { base: to.base, stars: 0 };
    text = inner.slice(cast[0].length);
  }
  const t = norm(text);
  if (t.startsWith('&')) {
    const of = t.slice(1);
    if (/^[A-Za-z_][\w.]*(\[[^\]]*\][\w.]*)*$/.test(of)) return lvalueType(ws, fns, of);
    return undefined;
  }
  if (!/^[A-Za-z_][\w.]*(\[[^\]]*\][\w.]*)*$/.test(t)) return undefined;
  const type = lvalueType(ws, fns, t);
  if (!type || type.stars === 0) return undefined;
  return { base: type.base, stars: type.stars - 1 };
}

/** Outer parentheses (and the blanks inside them) dropped, in one pass over a match table. */
function stripParens(t: string): string {
  return stripOuterParens(t.trim(), true);
}

/** The size in bytes of a scalar type, when it is one. */
export function scalarSize(t: TypeRef): number | undefined {
  return t.stars > 0 ? 8 : SCALAR_SIZE.get(t.base);
}

/** True when a pointer to `t` tells nothing of what it holds (void, bytes). */
export function isOpaque(t: TypeRef): boolean {
  return t.stars === 0 && OPAQUE_POINTEE.has(t.base);
}

/** Two types are the same structure or scalar (after typedefs). */
export function sameType(a: TypeRef, b: TypeRef): boolean {
  return a.stars === b.stars && typeKey(a.base) === typeKey(b.base);
}
