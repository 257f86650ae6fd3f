// Small helpers over tree-sitter C nodes and expression texts.
import type { Node } from 'web-tree-sitter';

/** Expression text in a canonical form: no blanks, `->` as `.`, no outer parentheses or casts. */
const normCache = new Map<string, string>();

export function norm(text: string): string {
  const hit = normCache.get(text);
  if (hit !== undefined) return hit;
  const t = normalize(text);
  if (normCache.size > 50000) normCache.clear();
  normCache.set(text, t);
  return t;
}

function normalize(text: string): string {
  let t = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '').replace(/\s+/g, '').replace(/->/g, '.');
  // Macro bodies parenthesise their parameters: `(_pSi).Header` is `_pSi.Header`.
  t = t.replace(/\(([A-Za-z_][A-Za-z0-9_]*)\)(?=\.|$|[,;)\]])/g, (m, id: string, off: number) => (off > 0 && /[A-Za-z0-9_]/.test(t[off - 1]) ? m : id));
  for (;;) {
    const before = t;
    t = stripOuterParens(t);
    // A leading cast such as (NDIS_STATUS) or (PVOID)(ULONG_PTR).
    const cast = /^\((?:const|volatile|struct|unsigned|signed|[A-Z_a-z][A-Za-z0-9_]*)(?:\*|const|[A-Za-z0-9_])*\)(?=[A-Za-z0-9_(&*])/.exec(t);
    if (cast && !/^\([0-9]/.test(t)) t = t.slice(cast[0].length);
    if (t === before) return t;
  }
}

function stripOuterParens(t: string): string {
  while (t.startsWith('(') && t.endsWith(')')) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '(') depth++;
      else if (t[i] === ')') {
        depth--;
        if (depth === 0 && i !== t.length - 1) {
          closesAtEnd = false;
          break;
        }
      }
    }
    if (!closesAtEnd) break;
    t = t.slice(1, -1);
  }
  return t;
}

/** Drops parentheses and casts around an expression node. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = n.namedChild(0)!;
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else return n;
  }
}

/** `&x` -> `x` (normalised); anything else normalised as is. The object a pointer argument designates. */
export function objectOfArg(text: string): { obj: string; byAddress: boolean } {
  const t = norm(text);
  if (t.startsWith('&')) return { obj: norm(t.slice(1)), byAddress: true };
  return { obj: t, byAddress: false };
}

/** The last identifier of a callee expression: `A->B.NdisTcpOffloadEventHandler` -> that field. */
export function lastName(text: string): string {
  const m = /([A-Za-z_][A-Za-z0-9_]*)\s*\)*\s*$/.exec(text);
  return m ? m[1] : text;
}

export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

/** Name declared by a declarator node (through pointers, arrays, init and parentheses). */
export function declaredName(decl: Node | null): { name: string; stars: number; node: Node } | undefined {
  let stars = 0;
  let n = decl;
  while (n) {
    switch (n.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        return { name: n.text, stars, node: n };
      case 'pointer_declarator':
        stars++;
        n = n.childForFieldName('declarator');
        break;
      case 'init_declarator':
      case 'array_declarator':
      case 'function_declarator':
      case 'attributed_declarator':
        n = n.childForFieldName('declarator') ?? n.namedChild(0);
        break;
      case 'parenthesized_declarator':
        n = n.namedChild(0);
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Visits every descendant in document order; return false from `visit` to skip a subtree. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  const cursor = node.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend) {
        const keep = visit(cursor.currentNode);
        if (keep !== false && cursor.gotoFirstChild()) continue;
      }
      if (cursor.gotoNextSibling()) {
        descend = true;
        continue;
      }
      if (!cursor.gotoParent()) return;
      if (cursor.currentNode.id === node.id) return;
      descend = false;
    }
  } finally {
    cursor.delete();
  }
}

/** An expression as the user wrote it, on one line, for messages (`Adapter->Handle`, not the normalised form). */
export function shown(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '').replace(/\s+/g, ' ').trim();
}
