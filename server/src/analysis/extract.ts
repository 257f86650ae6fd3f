// Walks one parsed file and keeps the facts the analysis needs (see facts.ts).
import type { Node, Tree } from 'web-tree-sitter';
import type { Loc } from './source';
import type { Arg, CallSite, FileFacts, FunctionFacts, MacroFacts, Param, Region, SkippedFunction } from './facts';
import { declaredName, lastName, norm, objectOfArg, walk, walkScoped } from './syntax';
import { buildCfg, isNeverCompiled } from './cfg';
import { budgetFor, charge, MAX_NESTING, OverBudget, withBudget } from './budget';
import { skipNote } from './skipNote';
import { overNested } from '../parse/nesting';
import { OBJECT_HEADER_FIELDS, STATUS_INDICATION_FIELDS } from '../ndis/constants';

/** Calls that set every byte of their first argument's object to zero. */
const ZEROING = new Set(['NdisZeroMemory', 'RtlZeroMemory', 'RtlSecureZeroMemory', 'ZeroMemory', 'memset', 'RtlFillMemory', 'NdisFillMemory']);

/** Facts of one function definition, kept between edits and reused while its text is unchanged. */
export interface CachedFunction {
  start: number;
  /** The facts, or why the function was skipped. */
  fn: FunctionFacts | SkippedFunction;
  handlerAliases: string[];
  fieldFunctionAssignments: { field: string; value: string }[];
}

/** A piece of the body walk: a node to read inside its branch regions, or a step that finishes a node. */
type Task = { node: Node; regions: Region[]; depth: number } | (() => void);
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
    skipped: [],
  };
  const ctx = new Extractor(facts, opts);
  ctx.topLevel(tree.rootNode);
  ctx.noteDeepFileScope();
  return facts;
}

class Extractor {
  private readonly map: (o: number) => number;
  /** Spans the parser was not given (nested too deeply, see parse/nesting.ts), and which of them a function held. */
  private readonly deep: [number, number][];
  private readonly deepInFunctions = new Set<number>();
  constructor(
    private readonly facts: FileFacts,
    private readonly opts: ExtractOptions,
  ) {
    this.map = opts.mapOffset ?? ((o) => o);
    this.deep = overNested(opts.text);
  }

  /** True when part of the node's text was blanked before parsing (the tree lacks it). */
  private overNested(n: Node): boolean {
    let hit = false;
    this.deep.forEach(([s, e], i) => {
      if (s < n.endIndex && e > n.startIndex) {
        this.deepInFunctions.add(i);
        hit = true;
      }
    });
    return hit;
  }

  private tooDeep(n: Node): void {
    let fd: Node | null = n.childForFieldName('declarator');
    while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
    const name = fd?.childForFieldName('declarator');
    const at = name ?? n;
    this.facts.skipped.push(skipNote(name?.type === 'identifier' ? name.text : '(function)', this.loc(at), 'extract', new OverBudget('nesting')));
  }

  /** Deep text outside any function (a global initializer, stray braces): one note each. */
  noteDeepFileScope(): void {
    this.deep.forEach(([s], i) => {
      if (this.deepInFunctions.has(i)) return;
      const at = this.map(s);
      this.facts.skipped.push(skipNote('(file scope)', { uri: this.opts.uri, start: at, end: at + 1 }, 'extract', new OverBudget('nesting')));
    });
  }

  loc(n: Node): Loc {
    return { uri: this.opts.uri, start: this.map(n.startIndex), end: this.map(n.endIndex) };
  }

  topLevel(root: Node): void {
    // The scope says whether a node sits in the dead arm of an `#if 0` (only its #else / #elif arms are code).
    walkScoped<'code' | 'dead'>(root, 'code', (n, scope) => {
      if (scope === 'dead' && n.type !== 'preproc_else' && n.type !== 'preproc_elif') return false;
      switch (n.type) {
        case 'ERROR':
          this.facts.parseErrors++;
          return 'code';
        case 'preproc_if':
          // Text under `#if 0` is not code: keep only its #else arm.
          return isNeverCompiled(n) ? 'dead' : 'code';
        case 'function_definition':
          if (this.overNested(n)) this.tooDeep(n);
          else this.cachedFunc(n);
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
          return 'code';
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
      const delta = n.startIndex - old.start;
      old.start = n.startIndex;
      if ('stage' in old.fn) {
        old.fn.loc.start += delta;
        old.fn.loc.end += delta;
        this.facts.skipped.push(old.fn);
      } else {
        shiftFunction(old.fn, delta);
        old.fn.prefix = this.opts.text.slice(Math.max(0, n.startIndex - 400), n.startIndex);
        this.facts.functions.push(old.fn);
      }
      for (const a of old.handlerAliases) this.facts.handlerAliases.push(a);
      for (const a of old.fieldFunctionAssignments) this.facts.fieldFunctionAssignments.push(a);
      cache.next.set(text, old);
      return;
    }
    const aliases = this.facts.handlerAliases.length;
    const assigns = this.facts.fieldFunctionAssignments.length;
    const count = this.facts.functions.length;
    const skips = this.facts.skipped.length;
    this.func(n);
    const fn = this.facts.functions[count] ?? this.facts.skipped[skips];
    if (fn && !cache.next.has(text)) {
      cache.next.set(text, {
        start: n.startIndex,
        fn,
        handlerAliases: this.facts.handlerAliases.slice(aliases),
        fieldFunctionAssignments: this.facts.fieldFunctionAssignments.slice(assigns),
      });
    }
  }

  /**
   * Reads one function definition within its limits: nesting deeper than MAX_NESTING or more work than
   * its budget leaves this function out (with a note in facts.skipped); the rest of the file goes on.
   */
  private func(n: Node): void {
    const declNode = n.childForFieldName('declarator');
    let fd: Node | null = declNode;
    while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
    const nameNode = fd?.childForFieldName('declarator');
    const body = n.childForFieldName('body');
    if (!fd || !nameNode || nameNode.type !== 'identifier' || !body) return;
    const aliases = this.facts.handlerAliases.length;
    const assigns = this.facts.fieldFunctionAssignments.length;
    try {
      const fn = withBudget(budgetFor(n.endIndex - n.startIndex), () => this.readFunction(n, fd, nameNode, body));
      this.facts.functions.push(fn);
    } catch (e) {
      // What the partial walk recorded goes with it.
      this.facts.handlerAliases.length = aliases;
      this.facts.fieldFunctionAssignments.length = assigns;
      this.facts.skipped.push(skipNote(nameNode.text, this.loc(nameNode), 'extract', e));
    }
  }

  private readFunction(n: Node, fd: Node, nameNode: Node, body: Node): FunctionFacts {
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
    return fn;
  }

  /**
   * Reads a function body (or a function-like macro's, parsed as a function with untyped parameters):
   * its writes, calls and declarations, each with the branch regions it sits in. The walk keeps its
   * own stack, so no nesting can overflow the process's; writes and calls come out in the order a
   * recursive walk would give (a node's own write after the expressions inside it).
   */
  body(root: Node, regions: Region[], fn: FunctionFacts): void {
    const stack: Task[] = [{ node: root, regions, depth: 0 }];
    while (stack.length) {
      const t = stack.pop()!;
      if (typeof t === 'function') t();
      else this.visit(t.node, t.regions, t.depth, fn, stack);
    }
  }

  /** Handles one node: records what it writes or calls, and pushes its parts (last first, so they run in order). */
  private visit(node: Node, regions: Region[], depth: number, fn: FunctionFacts, stack: Task[]): void {
    if (depth > MAX_NESTING) throw new OverBudget('nesting');
    charge(1);
    const region = (r: Node | null): Region[] => {
      if (!r) return regions;
      charge(regions.length);
      return [...regions, [this.map(r.startIndex), this.map(r.endIndex)] as const];
    };
    const d = depth + 1;
    /** Children in document order, each inside `rs`. */
    const all = (children: readonly (Node | null)[], rs: Region[]) => {
      for (let i = children.length - 1; i >= 0; i--) {
        const c = children[i];
        if (c) stack.push({ node: c, regions: rs, depth: d });
      }
    };
    switch (node.type) {
      case 'if_statement': {
        const cond = node.childForFieldName('condition');
        const cons = node.childForFieldName('consequence');
        const alt = node.childForFieldName('alternative');
        if (alt) stack.push({ node: alt, regions: region(alt), depth: d });
        if (cons) stack.push({ node: cons, regions: region(cons), depth: d });
        if (cond) stack.push({ node: cond, regions, depth: d });
        return;
      }
      case 'case_statement':
      case 'while_statement':
      case 'for_statement':
      case 'preproc_else':
      case 'preproc_elif':
        all(node.namedChildren, region(node));
        return;
      case 'preproc_if':
      case 'preproc_ifdef': {
        const children = node.namedChildren.filter((c): c is Node => !!c);
        const isArm = (c: Node) => c.type === 'preproc_else' || c.type === 'preproc_elif';
        if (isNeverCompiled(node)) {
          all(children.filter(isArm), regions);
          return;
        }
        // The #if arm is one alternative, #else another (the #else arms are read first).
        const arm = children.filter((c) => !isArm(c));
        const first = arm[0];
        const last = arm[arm.length - 1];
        if (first && last) charge(regions.length);
        const r: Region[] = first && last ? [...regions, [this.map(first.startIndex), this.map(last.endIndex)] as const] : regions;
        all(arm, r);
        all(children.filter(isArm), regions);
        return;
      }
      case 'conditional_expression': {
        const cond = node.childForFieldName('condition');
        const cons = node.childForFieldName('consequence');
        const alt = node.childForFieldName('alternative');
        if (alt) stack.push({ node: alt, regions: region(alt), depth: d });
        if (cons) stack.push({ node: cons, regions: region(cons), depth: d });
        if (cond) stack.push({ node: cond, regions, depth: d });
        return;
      }
      case 'binary_expression': {
        const op = node.childForFieldName('operator')?.text;
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        if (r) stack.push({ node: r, regions: op === '&&' || op === '||' ? region(r) : regions, depth: d });
        if (l) stack.push({ node: l, regions, depth: d });
        return;
      }
      case 'declaration':
        this.declaration(node, regions, d, fn, stack);
        return;
      case 'assignment_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return;
        stack.push(() => this.assignment(node, left, right, regions, fn));
        stack.push({ node: right, regions, depth: d });
        return;
      }
      case 'call_expression': {
        const callee = node.childForFieldName('function');
        const argsNode = node.childForFieldName('arguments');
        if (!callee || !argsNode) return;
        const args = argsNode.namedChildren;
        stack.push(() => this.call(node, callee, args, regions, fn));
        if (callee.type !== 'identifier') stack.push({ node: callee, regions, depth: d });
        all(args, regions);
        return;
      }
      case 'return_statement': {
        const value = node.namedChildren.find((c) => c && c.type !== 'comment');
        if (value) {
          (fn.returns ??= []).push({ text: value.text, loc: this.loc(value) });
          stack.push({ node: value, regions, depth: d });
        }
        return;
      }
      case 'update_expression': {
        // `x++` is `x += 1`.
        const arg = node.childForFieldName('argument');
        const op = node.childForFieldName('operator')?.text;
        if (arg && (op === '++' || op === '--')) {
          const at = this.loc(node);
          fn.writes.push({ kind: 'assign', lv: norm(arg.text), value: node.text, valueLoc: at, at, regions, how: 'assign', compound: { op: op[0], operand: '1', operandLoc: at } });
        }
        return;
      }
      default:
        all(node.namedChildren, regions);
    }
  }

  private declaration(node: Node, regions: Region[], depth: number, fn: FunctionFacts, stack: Task[]): void {
    const typeText = node.childForFieldName('type')?.text ?? '';
    const declarators = node.childrenForFieldName('declarator');
    // One step per declarator, in order: each may push the walk of its initializer before the next runs.
    for (let i = declarators.length - 1; i >= 0; i--) {
      const d = declarators[i];
      if (d) stack.push(() => this.declarator(d, typeText, regions, depth, fn, stack));
    }
  }

  private declarator(d: Node, typeText: string, regions: Region[], depth: number, fn: FunctionFacts, stack: Task[]): void {
    const dn = declaredName(d);
    if (!dn) return;
    const isArray = d.type === 'array_declarator' || (d.type === 'init_declarator' && d.childForFieldName('declarator')?.type === 'array_declarator');
    fn.locals.set(dn.name, typeText + '*'.repeat(dn.stars) + (isArray ? '[]' : ''));
    if (d.type !== 'init_declarator') return;
    const value = d.childForFieldName('value');
    if (!value) return;
    if (value.type === 'initializer_list') {
      const fields: { path: string; value: string; loc: Loc }[] = [];
      const positional = /(^|\b)NDIS_STATUS_INDICATION$/.test(typeText.trim()) && dn.stars === 0 ? STATUS_INDICATION_FIELDS : undefined;
      this.initList(value, '', positional, fields);
      fn.writes.push({ kind: 'initList', obj: dn.name, fields, at: this.loc(d), regions });
      this.initializerFunctions(d);
      stack.push({ node: value, regions, depth });
    } else {
      stack.push(() => {
        fn.writes.push({ kind: 'assign', lv: dn.name, value: value.text, valueLoc: this.loc(value), at: this.loc(d), regions, how: 'init' });
        this.aliasOrHandler(dn.name, value, regions, fn);
      });
      stack.push({ node: value, regions, depth });
    }
  }

  /** The fields an initializer list sets, nested lists included (read with a stack of its own). */
  private initList(list: Node, prefix: string, order: readonly string[] | undefined, out: { path: string; value: string; loc: Loc }[]): void {
    const frames = [{ items: list.namedChildren, i: 0, index: 0, prefix, order }];
    while (frames.length) {
      const f = frames[frames.length - 1];
      if (f.i >= f.items.length) {
        frames.pop();
        continue;
      }
      if (frames.length > MAX_NESTING) throw new OverBudget('nesting');
      charge(1);
      const item = f.items[f.i++];
      if (!item || item.type === 'comment') continue;
      let path: string;
      let value: Node | null;
      if (item.type === 'initializer_pair') {
        const des = item.childrenForFieldName('designator').filter((x): x is Node => !!x);
        path = des.map((x) => x.text.replace(/^\./, '')).join('.');
        value = item.childForFieldName('value');
        const top = des[0]?.text.replace(/^\./, '');
        f.index = f.order && top ? f.order.indexOf(top) + 1 : f.index + 1;
      } else {
        const field = f.order?.[f.index];
        f.index++;
        if (!field) continue;
        path = field;
        value = item;
      }
      if (!value) continue;
      const full = f.prefix ? `${f.prefix}.${path}` : path;
      charge(full.length);
      if (value.type === 'initializer_list') {
        frames.push({ items: value.namedChildren, i: 0, index: 0, prefix: full, order: full === 'Header' ? OBJECT_HEADER_FIELDS : undefined });
      } else {
        out.push({ path: full, value: value.text, loc: this.loc(value) });
      }
    }
  }

  /** An assignment's own write, once the expression on its right has been read. */
  private assignment(node: Node, left: Node, right: Node, regions: Region[], fn: FunctionFacts): void {
    const op = node.childForFieldName('operator')?.text ?? '=';
    const lv = norm(left.text);
    if (op !== '=') {
      // `x |= F` writes x with a value computed from the one before: the analysis combines the two.
      const compound = { op: op.slice(0, -1), operand: right.text, operandLoc: this.loc(right) };
      fn.writes.push({ kind: 'assign', lv, value: `${left.text} ${op} ${right.text}`, valueLoc: this.loc(right), at: this.loc(node), regions, how: 'assign', compound });
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

  /** A call's site, once its arguments (and a callee that is an expression) have been read. */
  private call(node: Node, callee: Node, argNodes: (Node | null)[], regions: Region[], fn: FunctionFacts): void {
    const args: Arg[] = argNodes.filter((a): a is Node => !!a && a.type !== 'comment').map((a) => ({ text: a.text, loc: this.loc(a) }));
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
    if (w.kind === 'assign') {
      loc(w.valueLoc);
      loc(w.compound?.operandLoc);
    }
    if (w.kind === 'initList') for (const f of w.fields) loc(f.loc);
  }
  for (const r of fn.returns ?? []) loc(r.loc);
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
