// How C++ names its functions and calls, read from tree-sitter-cpp nodes: member functions defined in
// their class or as `Class::Name`, namespaces (named and anonymous), destructors, lambdas, qualified
// and member calls, and the C++ casts that look like calls. The C grammar never makes these nodes,
// so C files go through here unchanged.
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './facts';
import { norm } from './syntax';

/** Where a definition sits: its namespaces and the class whose body holds it. */
export interface DeclScope {
  /** `gv::(anonymous)`: the namespaces, outermost first ('' at file scope). */
  ns: string;
  /** The class (or struct) whose body holds the definition. */
  cls?: string;
  /** Inside a `template <...>` declaration. */
  template?: boolean;
}

/** The C++ casts: `static_cast<T>(x)` is x, not a call. */
export const CPP_CASTS: ReadonlySet<string> = new Set(['static_cast', 'reinterpret_cast', 'const_cast', 'dynamic_cast']);

/** The function_declarator of a definition, through pointer, reference and parenthesised declarators. */
export function functionDeclarator(def: Node): Node | null {
  let d: Node | null = def.childForFieldName('declarator');
  for (let guard = 0; d && guard < 64; guard++) {
    if (d.type === 'function_declarator') return d;
    d = d.childForFieldName('declarator') ?? (d.type === 'reference_declarator' || d.type === 'parenthesized_declarator' ? d.namedChild(0) : null);
  }
  return null;
}

export type FunctionName =
  | { name: string; node: Node; owner?: string; qualified?: string }
  | { unsupported: string; node: Node; name: string };

/** The name a function definition declares, with its class and full name; or why it is not read. */
export function functionName(fd: Node, scope: DeclScope): FunctionName {
  const d = fd.childForFieldName('declarator') ?? fd;
  const join = (...parts: (string | undefined)[]) => parts.filter((p) => p).join('::');
  switch (d.type) {
    case 'identifier':
    case 'field_identifier':
      return { name: d.text, node: d, owner: scope.cls, qualified: join(scope.ns, scope.cls, d.text) };
    case 'destructor_name':
      return { name: d.text.replace(/\s+/g, ''), node: d, owner: scope.cls, qualified: join(scope.ns, scope.cls, d.text.replace(/\s+/g, '')) };
    case 'operator_name':
      return { unsupported: 'an operator (calls to it are not followed)', node: d, name: d.text };
    case 'template_function':
      return { unsupported: 'a template specialisation', node: d, name: d.text };
    case 'qualified_identifier': {
      // A::B::name: the innermost `name` is the function; what comes before it is the class or namespace.
      let q: Node = d;
      const parts: string[] = [];
      for (let guard = 0; q.type === 'qualified_identifier' && guard < 64; guard++) {
        const s = q.childForFieldName('scope');
        if (s) parts.push(s.type === 'template_type' ? (s.childForFieldName('name')?.text ?? s.text) : s.text);
        const inner = q.childForFieldName('name');
        if (!inner) break;
        q = inner;
      }
      if (q.type === 'operator_name' || q.type === 'operator_cast') return { unsupported: 'an operator (calls to it are not followed)', node: q, name: q.text };
      if (q.type === 'template_function') return { unsupported: 'a template specialisation', node: q, name: q.text };
      if (q.type !== 'identifier' && q.type !== 'destructor_name' && q.type !== 'field_identifier') return { unsupported: 'a name the analysis does not read', node: q, name: q.text };
      const name = q.text.replace(/\s+/g, '');
      const owner = parts[parts.length - 1];
      return { name, node: q, owner, qualified: join(scope.ns, scope.cls, ...parts, name) };
    }
    default:
      return { unsupported: 'a declaration whose name the analysis cannot read', node: d, name: '(function)' };
  }
}

/** The name a lambda is called by: the variable it initialises or is assigned to, else a description. */
export function lambdaName(lambda: Node, outer: string): { name: string; node: Node } {
  const p = lambda.parent;
  if (p?.type === 'init_declarator' && p.childForFieldName('value')?.id === lambda.id) {
    const d = p.childForFieldName('declarator');
    if (d?.type === 'identifier') return { name: d.text, node: d };
  }
  if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.id === lambda.id) {
    const l = p.childForFieldName('left');
    if (l?.type === 'identifier') return { name: l.text, node: l };
  }
  return { name: `(lambda in ${outer})`, node: lambda };
}

/** A namespace's name for qualified names (`(anonymous)` for `namespace { }`). */
export function namespaceName(n: Node): string {
  return n.childForFieldName('name')?.text.replace(/\s+/g, '') ?? '(anonymous)';
}

/** The class or struct a specifier names (`Adapter`, or `` when it has none). */
export function className(n: Node): string {
  const name = n.childForFieldName('name');
  if (!name) return '';
  return name.type === 'template_type' ? (name.childForFieldName('name')?.text ?? name.text) : name.text;
}

/** The name a qualified or template callee calls: `A::B::f` -> f, `f<T>` -> f. */
export function innermostName(callee: Node): Node {
  let n: Node = callee;
  for (let guard = 0; guard < 64; guard++) {
    const next = n.type === 'qualified_identifier' ? n.childForFieldName('name') : n.type === 'template_function' ? n.childForFieldName('name') : null;
    if (!next) return n;
    n = next;
  }
  return n;
}

/**
 * C++ calls: `A::f()` and `::f()` call f by name (callee becomes the bare name, the qualifier is kept
 * apart); `obj->f()` / `this->f()` name the object a member function is called on.
 */
export function qualifyCall(site: CallSite, callee: Node, nameNode: Node): void {
  if (callee.type === 'qualified_identifier' || callee.type === 'template_function') {
    if (nameNode.type !== 'identifier' && nameNode.type !== 'field_identifier') return;
    const text = callee.text.replace(/\s+/g, '');
    const name = nameNode.text;
    const cut = callee.type === 'qualified_identifier' ? text.lastIndexOf('::' + name) : -1;
    site.callee = name;
    site.name = name;
    if (cut >= 0) site.scope = text.slice(0, cut).replace(/<[^<>]*>/g, '');
    return;
  }
  if (callee.type === 'field_expression') {
    const obj = callee.childForFieldName('argument');
    if (obj) site.object = obj.type === 'this' ? 'this' : norm(obj.text);
  }
}
