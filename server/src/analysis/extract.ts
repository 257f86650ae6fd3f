// Walks one parsed file and keeps the facts the analysis needs (see facts.ts).
import type { Node, Tree } from 'web-tree-sitter';
import type { Loc } from './source';
import type { Arg, CallSite, FileFacts, FunctionFacts, MacroFacts, Param, Region } from './facts';
import { declaredName, lastName, norm, objectOfArg, walk } from './syntax';
import { buildCfg, isNeverCompiled } from './cfg';
import { OBJECT_HEADER_FIELDS, STATUS_INDICATION_FIELDS } from '../ndis/constants';

/** Calls that set every byte of their first argument's object to zero. */
const ZEROING = new Set(['NdisZeroMemory', 'RtlZeroMemory', 'RtlSecureZeroMemory', 'ZeroMemory', 'memset', 'RtlFillMemory', 'NdisFillMemory']);

/** Facts of one function definition, kept between edits and reused while its text is unchanged. */
export interface CachedFunction {
  start: number;
  fn: FunctionFacts;
  handlerAliases: string[];
  fieldFunctionAssignments: { field: string; value: string }[];
}
export type FunctionCache = Map<string, CachedFunction>;

export interface ExtractOptions {
  /** The previous extraction's functions by their text; filled with this extraction's. */
  cache?: { previous?: FunctionCache; next: FunctionCache };
  uri: string;
  /** The user's text (the tree was parsed from a blanked copy of the same length). */
  text: string;
  /** Build control-flow graphs now (files open in the editor); otherwise they are built on demand. */
  eagerCfg?: boolean;
  /** Maps an offset in the parsed text to one in the user's file (macro bodies are parsed out of place). */
  mapOffset?: (offset: number) => number;
}

export function extractFacts(tree: Tree, opts: ExtractOptions): FileFacts {
  const facts: FileFacts = {
    uri: opts.uri,
    functions: [],
    macros: [],
    structs: new Map(),
    typedefs: new Map(),
    globals: new Map(),
    handlerAliases: [],
    roleDeclarations: [],
    fieldFunctionAssignments: [],
    parseErrors: 0,
  };
  const ctx = new Extractor(facts, opts);
  ctx.topLevel(tree.rootNode);
  return facts;
}

class Extractor {
  private readonly map: (o: number) => number;
  constructor(
    private readonly facts: FileFacts,
    private readonly opts: ExtractOptions,
  ) {
    this.map = opts.mapOffset ?? ((o) => o);
  }

  loc(n: Node): Loc {
    return { uri: this.opts.uri, start: this.map(n.startIndex), end: this.map(n.endIndex) };
  }

  topLevel(root: Node): void {
    walk(root, (n) => {
      switch (n.type) {
        case 'ERROR':
          this.facts.parseErrors++;
          return true;
        case 'preproc_if':
          // Text under `#if 0` is not code: keep only its #else arm.
          if (isNeverCompiled(n)) {
            for (const c of n.namedChildren) if (c && (c.type === 'preproc_else' || c.type === 'preproc_elif')) this.topLevel(c);
            return false;
          }
          return true;
        case 'function_definition':
          this.cachedFunc(n);
          return false;
        case 'preproc_function_def':
        case 'preproc_def':
          this.macro(n);
          return false;
        case 'type_definition':
          this.typedef(n);
          return false;
        case 'struct_specifier':
          this.struct(n);
          return false;
        case 'declaration':
          this.globalDeclaration(n);
          return false;
        case 'expression_statement':
        case 'compound_statement':
          return false;
        default:
          return true;
      }
    });
  }

  private macro(n: Node): void {
    const name = n.childForFieldName('name');
    if (!name) return;
    const value = n.childForFieldName('value');
    const paramsNode = n.childForFieldName('parameters');
    const m: MacroFacts = {
      name: name.text,
      uri: this.opts.uri,
      body: value ? this.opts.text.slice(value.startIndex, value.endIndex) : '',
      bodyStart: value ? this.map(value.startIndex) : this.map(n.endIndex),
      nameLoc: this.loc(name),
    };
    if (paramsNode) m.params = paramsNode.namedChildren.filter((c): c is Node => !!c && c.type === 'identifier').map((c) => c.text);
    this.facts.macros.push(m);
  }

  private typedef(n: Node): void {
    const typeNode = n.childForFieldName('type');
    let target = typeNode?.text ?? '';
    if (typeNode?.type === 'struct_specifier' || typeNode?.type === 'union_specifier') {
      const tag = typeNode.childForFieldName('name')?.text;
      const fields = this.struct(typeNode);
      target = tag ?? '';
      for (const d of n.childrenForFieldName('declarator')) {
        const dn = d && declaredName(d);
        if (!dn) continue;
        if (dn.stars === 0 && fields) this.facts.structs.set(dn.name, fields);
        this.facts.typedefs.set(dn.name, (tag ?? dn.name) + '*'.repeat(dn.stars));
      }
      return;
    }
    for (const d of n.childrenForFieldName('declarator')) {
      const dn = d && declaredName(d);
      if (dn) this.facts.typedefs.set(dn.name, target + '*'.repeat(dn.stars));
    }
  }

  private struct(n: Node): Map<string, string> | undefined {
    const body = n.childForFieldName('body');
    if (!body) return undefined;
    const fields = new Map<string, string>();
    for (const f of body.namedChildren) {
      if (!f || f.type !== 'field_declaration') continue;
      const t = f.childForFieldName('type')?.text ?? '';
      for (const d of f.childrenForFieldName('declarator')) {
        const dn = d && declaredName(d);
        if (dn) fields.set(dn.name, t + '*'.repeat(dn.stars));
      }
    }
    const tag = n.childForFieldName('name')?.text;
    if (tag) this.facts.structs.set(tag, fields);
    return fields;
  }

  private globalDeclaration(n: Node): void {
    const t = n.childForFieldName('type')?.text ?? '';
    for (const d of n.childrenForFieldName('declarator')) {
      if (!d) continue;
      if (d.type === 'function_declarator') continue; // a prototype
      const dn = declaredName(d);
      if (!dn) continue;
      this.facts.globals.set(dn.name, t + '*'.repeat(dn.stars));
      if (d.type === 'identifier') this.facts.roleDeclarations.push({ type: t, name: dn.name });
      if (d.type === 'init_declarator') this.initializerFunctions(d);
    }
  }

  /** `NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS c = { .InitiateOffloadHandler = MpInitiate }`. */
  private initializerFunctions(d: Node): void {
    const value = d.childForFieldName('value');
    if (!value || value.type !== 'initializer_list') return;
    walk(value, (c) => {
      if (c.type === 'initializer_pair') {
        const des = c.childrenForFieldName('designator').filter((x): x is Node => !!x);
        const v = c.childForFieldName('value');
        if (des.length && v?.type === 'identifier') this.facts.fieldFunctionAssignments.push({ field: des[des.length - 1].text.replace(/^\./, ''), value: v.text });
      }
    });
  }

  /** Reuses the facts of a function whose text did not change, moved to its new offset. */
  private cachedFunc(n: Node): void {
    const cache = this.opts.cache;
    if (!cache || this.opts.mapOffset) return void this.func(n);
    const text = this.opts.text.slice(n.startIndex, n.endIndex);
    const old = cache.previous?.get(text);
    if (old && !cache.next.has(text)) {
      shiftFunction(old.fn, n.startIndex - old.start);
      old.start = n.startIndex;
      old.fn.prefix = this.opts.text.slice(Math.max(0, n.startIndex - 400), n.startIndex);
      this.facts.functions.push(old.fn);
      this.facts.handlerAliases.push(...old.handlerAliases);
      this.facts.fieldFunctionAssignments.push(...old.fieldFunctionAssignments);
      cache.next.set(text, old);
      return;
    }
    const aliases = this.facts.handlerAliases.length;
    const assigns = this.facts.fieldFunctionAssignments.length;
    const count = this.facts.functions.length;
    this.func(n);
    const fn = this.facts.functions[count];
    if (fn && !cache.next.has(text)) {
      cache.next.set(text, {
        start: n.startIndex,
        fn,
        handlerAliases: this.facts.handlerAliases.slice(aliases),
        fieldFunctionAssignments: this.facts.fieldFunctionAssignments.slice(assigns),
      });
    }
  }

  private func(n: Node): void {
    const declNode = n.childForFieldName('declarator');
    let fd: Node | null = declNode;
    while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
    const nameNode = fd?.childForFieldName('declarator');
    const body = n.childForFieldName('body');
    if (!fd || !nameNode || nameNode.type !== 'identifier' || !body) return;
    const params: Param[] = [];
    for (const p of fd.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!p || p.type !== 'parameter_declaration') continue;
      const dn = declaredName(p.childForFieldName('declarator'));
      if (!dn) continue;
      params.push({ name: dn.name, type: (p.childForFieldName('type')?.text ?? '') + '*'.repeat(dn.stars), loc: this.loc(dn.node) });
    }
    const start = n.startIndex;
    const fn: FunctionFacts = {
      name: nameNode.text,
      uri: this.opts.uri,
      nameLoc: this.loc(nameNode),
      span: this.loc(n),
      params,
      locals: new Map(),
      writes: [],
      calls: [],
      prefix: this.opts.mapOffset ? undefined : this.opts.text.slice(Math.max(0, start - 400), start),
    };
    if (/::\s*~?$/.test(this.opts.text.slice(start, nameNode.startIndex))) fn.method = true;
    this.body(body, [], fn);
    if (this.opts.eagerCfg !== false) fn.cfg = buildCfg(body, this.map);
    this.facts.functions.push(fn);
  }

  /** Parses a function-like macro's body as if it were a function with untyped parameters. */
  body(node: Node, regions: Region[], fn: FunctionFacts): void {
    const region = (r: Node | null): Region[] => (r ? [...regions, [this.map(r.startIndex), this.map(r.endIndex)] as const] : regions);
    switch (node.type) {
      case 'if_statement': {
        const cond = node.childForFieldName('condition');
        if (cond) this.body(cond, regions, fn);
        const cons = node.childForFieldName('consequence');
        if (cons) this.body(cons, region(cons), fn);
        const alt = node.childForFieldName('alternative');
        if (alt) this.body(alt, region(alt), fn);
        return;
      }
      case 'case_statement':
      case 'while_statement':
      case 'for_statement':
      case 'preproc_else':
      case 'preproc_elif':
        for (const c of node.namedChildren) if (c) this.body(c, region(node), fn);
        return;
      case 'preproc_if':
      case 'preproc_ifdef': {
        if (isNeverCompiled(node)) {
          for (const c of node.namedChildren) if (c && (c.type === 'preproc_else' || c.type === 'preproc_elif')) this.body(c, regions, fn);
          return;
        }
        // The #if arm is one alternative, #else another.
        const arm: Node[] = [];
        for (const c of node.namedChildren) {
          if (!c) continue;
          if (c.type === 'preproc_else' || c.type === 'preproc_elif') this.body(c, regions, fn);
          else arm.push(c);
        }
        const first = arm[0];
        const last = arm[arm.length - 1];
        const r: Region[] = first && last ? [...regions, [this.map(first.startIndex), this.map(last.endIndex)] as const] : regions;
        for (const c of arm) this.body(c, r, fn);
        return;
      }
      case 'conditional_expression': {
        const cond = node.childForFieldName('condition');
        if (cond) this.body(cond, regions, fn);
        for (const f of ['consequence', 'alternative']) {
          const c = node.childForFieldName(f);
          if (c) this.body(c, region(c), fn);
        }
        return;
      }
      case 'binary_expression': {
        const op = node.childForFieldName('operator')?.text;
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        if (l) this.body(l, regions, fn);
        if (r) this.body(r, op === '&&' || op === '||' ? region(r) : regions, fn);
        return;
      }
      case 'declaration':
        this.declaration(node, regions, fn);
        return;
      case 'assignment_expression':
        this.assignment(node, regions, fn);
        return;
      case 'call_expression':
        this.call(node, regions, fn);
        return;
      default:
        for (const c of node.namedChildren) if (c) this.body(c, regions, fn);
    }
  }

  private declaration(node: Node, regions: Region[], fn: FunctionFacts): void {
    const typeText = node.childForFieldName('type')?.text ?? '';
    for (const d of node.childrenForFieldName('declarator')) {
      if (!d) continue;
      const dn = declaredName(d);
      if (!dn) continue;
      const isArray = d.type === 'array_declarator' || (d.type === 'init_declarator' && d.childForFieldName('declarator')?.type === 'array_declarator');
      fn.locals.set(dn.name, typeText + '*'.repeat(dn.stars) + (isArray ? '[]' : ''));
      if (d.type !== 'init_declarator') continue;
      const value = d.childForFieldName('value');
      if (!value) continue;
      if (value.type === 'initializer_list') {
        const fields: { path: string; value: string; loc: Loc }[] = [];
        const positional = /(^|\b)NDIS_STATUS_INDICATION$/.test(typeText.trim()) && dn.stars === 0 ? STATUS_INDICATION_FIELDS : undefined;
        this.initList(value, '', positional, fields);
        fn.writes.push({ kind: 'initList', obj: dn.name, fields, at: this.loc(d), regions });
        this.initializerFunctions(d);
        this.body(value, regions, fn);
      } else {
        this.body(value, regions, fn);
        fn.writes.push({ kind: 'assign', lv: dn.name, value: value.text, valueLoc: this.loc(value), at: this.loc(d), regions, how: 'init' });
        this.aliasOrHandler(dn.name, value, regions, fn);
      }
    }
  }

  private initList(list: Node, prefix: string, order: readonly string[] | undefined, out: { path: string; value: string; loc: Loc }[]): void {
    let index = 0;
    for (const item of list.namedChildren) {
      if (!item || item.type === 'comment') continue;
      let path: string;
      let value: Node | null;
      if (item.type === 'initializer_pair') {
        const des = item.childrenForFieldName('designator').filter((x): x is Node => !!x);
        path = des.map((x) => x.text.replace(/^\./, '')).join('.');
        value = item.childForFieldName('value');
        const top = des[0]?.text.replace(/^\./, '');
        index = order && top ? order.indexOf(top) + 1 : index + 1;
      } else {
        const field = order?.[index];
        index++;
        if (!field) continue;
        path = field;
        value = item;
      }
      if (!value) continue;
      const full = prefix ? `${prefix}.${path}` : path;
      if (value.type === 'initializer_list') {
        this.initList(value, full, full === 'Header' ? OBJECT_HEADER_FIELDS : undefined, out);
      } else {
        out.push({ path: full, value: value.text, loc: this.loc(value) });
      }
    }
  }

  private assignment(node: Node, regions: Region[], fn: FunctionFacts): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    this.body(right, regions, fn);
    const op = node.childForFieldName('operator')?.text ?? '=';
    const lv = norm(left.text);
    if (op !== '=') {
      // `x /= 2` writes x with a value computed from the old one: not a constant we can follow.
      fn.writes.push({ kind: 'assign', lv, value: `${left.text} ${op} ${right.text}`, valueLoc: this.loc(node), at: this.loc(node), regions, how: 'assign' });
      return;
    }
    fn.writes.push({ kind: 'assign', lv, value: right.text, valueLoc: this.loc(right), at: this.loc(node), regions, how: 'assign' });
    this.aliasOrHandler(lv, right, regions, fn);
    if (left.type === 'field_expression' && right.type === 'identifier') {
      this.facts.fieldFunctionAssignments.push({ field: left.childForFieldName('field')?.text ?? '', value: right.text });
    }
  }

  private aliasOrHandler(lv: string, right: Node, regions: Region[], fn: FunctionFacts): void {
    const r = norm(right.text);
    if (r.startsWith('&')) fn.writes.push({ kind: 'alias', name: lv, target: norm(r.slice(1)), at: this.loc(right), regions });
    if (lastName(r) === 'NdisTcpOffloadEventHandler' && r !== 'NdisTcpOffloadEventHandler') this.facts.handlerAliases.push(lastName(lv));
  }

  private call(node: Node, regions: Region[], fn: FunctionFacts): void {
    const callee = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!callee || !argsNode) return;
    for (const a of argsNode.namedChildren) if (a) this.body(a, regions, fn);
    if (callee.type !== 'identifier') this.body(callee, regions, fn);
    const args: Arg[] = argsNode.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment').map((a) => ({ text: a.text, loc: this.loc(a) }));
    let nameNode: Node = callee;
    if (callee.type === 'field_expression') nameNode = callee.childForFieldName('field') ?? callee;
    else if (callee.type === 'parenthesized_expression' || callee.type === 'pointer_expression') nameNode = callee.lastNamedChild ?? callee;
    const site: CallSite = { callee: callee.text, name: lastName(callee.text), args, at: this.loc(node), nameLoc: this.loc(nameNode), regions };
    fn.calls.push(site);
    if (ZEROING.has(site.name) && args[0]) {
      if (site.name === 'memset' || site.name === 'RtlFillMemory' || site.name === 'NdisFillMemory') {
        const fill = site.name === 'memset' ? args[1] : args[2];
        if (!fill || norm(fill.text) !== '0') return;
      }
      fn.writes.push({ kind: 'zero', obj: objectOfArg(args[0].text).obj, at: site.at, regions });
    }
  }
}

/** Moves every offset of a function's facts by `delta` (shared objects are moved once). */
function shiftFunction(fn: FunctionFacts, delta: number): void {
  if (delta === 0) return;
  const seen = new Set<object>();
  const loc = (l: Loc | undefined) => {
    if (!l || seen.has(l)) return;
    seen.add(l);
    l.start += delta;
    l.end += delta;
  };
  const regions = (rs: Region[]) => {
    for (const r of rs) {
      if (seen.has(r)) continue;
      seen.add(r);
      const m = r as unknown as number[];
      m[0] += delta;
      m[1] += delta;
    }
  };
  loc(fn.nameLoc);
  loc(fn.span);
  for (const p of fn.params) loc(p.loc);
  for (const w of fn.writes) {
    loc(w.at);
    regions(w.regions);
    if (w.kind === 'assign') loc(w.valueLoc);
    if (w.kind === 'initList') for (const f of w.fields) loc(f.loc);
  }
  for (const c of fn.calls) {
    loc(c.at);
    loc(c.nameLoc);
    for (const a of c.args) loc(a.loc);
    regions(c.regions);
  }
  for (const node of fn.cfg?.nodes ?? []) {
    node.start += delta;
    node.end += delta;
    for (const e of node.succ) if (e.at !== undefined) e.at += delta;
  }
}
