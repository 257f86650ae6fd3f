// Walks one parsed file and keeps the facts the analysis needs (see facts.ts).
import type { Node, Tree } from 'web-tree-sitter';
import type { Loc } from './source';
import { emptyFacts, type Arg, type CallSite, type FileFacts, type FunctionFacts, type MacroFacts, type Param, type Region, type SkippedFunction, type Write } from './facts';
import { declaredName, lastName, norm, objectOfArg, walk, walkScoped } from './syntax';
import { buildCfg, isNeverCompiled } from './cfg';
import { budgetFor, charge, MAX_NESTING, OverBudget, withBudgetCounted } from './budget';
import { skipNote, unsupportedNote } from './skipNote';
import { className, CPP_CASTS, functionDeclarator, functionName, innermostName, lambdaName, namespaceName, qualifyCall, type DeclScope } from './cppNames';
import { parseErrorRegions } from './parseErrors';
import { prefixAt, shiftFunction } from './shiftFacts';
import { overNested } from '../parse/nesting';
import { OBJECT_HEADER_FIELDS, STATUS_INDICATION_FIELDS } from '../ndis/constants';

/** Calls that set every byte of their first argument's object to zero. */
const ZEROING = new Set(['NdisZeroMemory', 'RtlZeroMemory', 'RtlSecureZeroMemory', 'ZeroMemory', 'memset', 'RtlFillMemory', 'NdisFillMemory']);

/** Facts of one function definition, kept between edits and reused while its text is unchanged. */
export interface CachedFunction {
  /** The definition's span in the text it was read from (moved with it). */
  start: number;
  /** The definition's span in the text it was read from (moved with it). */
  end: number;
  /** Its namespaces and class (`ns|cls`): the same text in another scope is another function. */
  scope: string;
  /** The facts of the function and of the lambdas inside it, and the notes of those skipped. */
  fns: FunctionFacts[];
  skips: SkippedFunction[];
  handlerAliases: string[];
  fieldFunctionAssignments: { field: string; value: string }[];
}

/** A piece of the body walk: a node to read inside its branch regions, or a step that finishes a node. */
type Task = { node: Node; regions: Region[]; depth: number } | (() => void);

/** Functions kept from an earlier extraction of the same file (see openFacts.ts). */
export interface FunctionReuse {
  /** The kept facts of a definition whose text and syntax did not change, or undefined. */
  find(n: Node): CachedFunction | undefined;
  /** Told of every definition read or reused, in order. */
  keep(c: CachedFunction): void;
}

export interface ExtractOptions {
  reuse?: FunctionReuse;
  uri: string;
  /** The user's text (the tree was parsed from a blanked copy of the same length). */
  text: string;
  /** Build control-flow graphs now (files open in the editor); otherwise they are built on demand. */
  eagerCfg?: boolean;
  /** Maps an offset in the parsed text to one in the user's file (macro bodies are parsed out of place). */
  mapOffset?: (offset: number) => number;
  /** The grammar the tree comes from (C++ adds namespaces, classes, lambdas, qualified calls). */
  lang?: 'c' | 'cpp';
  /** The spans nested too deeply to parse (parse/nesting.ts), when the caller has them already. */
  deep?: [number, number][];
}

/** A scope while reading the file: namespaces and class, and whether the text is under `#if 0`. */
/** `inError`: inside an ERROR node, where the parser's recovery depends on the text around. */
type TopScope = DeclScope & { dead: boolean; inError?: boolean };

/** The facts of a whole file, or of one node at file level (an open file reads again only the nodes an edit touched). */
export function extractFacts(tree: Tree | Node, opts: ExtractOptions): FileFacts {
  const facts: FileFacts = emptyFacts(opts.uri);
  facts.lang = opts.lang ?? 'c';
  const ctx = new Extractor(facts, opts);
  const root = 'rootNode' in tree ? tree.rootNode : tree;
  ctx.topLevel(root);
  if ('rootNode' in tree) ctx.noteDeepFileScope();
  facts.errorRegions = parseErrorRegions(root, opts.mapOffset);
  facts.parseErrors = facts.errorRegions.length;
  return facts;
}

/** The steps each function's read took (its body walk): statementReread.ts charges a statement read again on top. */
export const readSteps = new WeakMap<FunctionFacts, number>();

/**
 * The field assignment (`x.Handler = Name`, FileFacts.fieldFunctionAssignments) each write of a function
 * body gave, in the order of its writes: a statement read again (statementReread.ts) puts its own in
 * the place of the old statement's.
 */
export const registrationOf = new WeakMap<Write, { field: string; value: string }>();

/** What one statement of a function gives when read on its own (statementReread.ts). */
export interface StatementFacts {
  writes: FunctionFacts['writes'];
  calls: CallSite[];
  returns: Arg[];
  /** Names it declares, lambdas, handler aliases or registrations other than its writes': when any, the function is read whole. */
  declares: boolean;
}

/**
 * Reads one statement of a function as the walk of its body reads it: inside `regions` (the branch regions of
 * its place) at `depth` levels below the body, charging the budget in force.
 */
export function readStatement(stmt: Node, regions: Region[], depth: number, opts: ExtractOptions): StatementFacts {
  const facts = emptyFacts(opts.uri);
  const ctx = new Extractor(facts, { ...opts, deep: [] });
  const fn: FunctionFacts = { name: '', uri: opts.uri, nameLoc: ctx.loc(stmt), span: ctx.loc(stmt), params: [], locals: new Map(), writes: [], calls: [] };
  ctx.body(stmt, regions, fn, depth);
  const lambdas = ctx.lambdasMet();
  const registrations = fn.writes.filter((w) => registrationOf.has(w)).length;
  return { writes: fn.writes, calls: fn.calls, returns: fn.returns ?? [], declares: fn.locals.size > 0 || lambdas > 0 || facts.handlerAliases.length > 0 || facts.fieldFunctionAssignments.length !== registrations };
}

class Extractor {
  private readonly map: (o: number) => number;
  /** Spans the parser was not given (nested too deeply, see parse/nesting.ts), and which of them a function held. */
  private readonly deep: [number, number][];
  private readonly deepInFunctions = new Set<number>();
  /** Lambdas met while reading a body: each becomes a function of its own once the body is read. */
  private lambdas: { node: Node; outer: FunctionFacts }[] = [];
  private readonly cpp: boolean;
  constructor(
    private readonly facts: FileFacts,
    private readonly opts: ExtractOptions,
  ) {
    this.map = opts.mapOffset ?? ((o) => o);
    this.deep = opts.deep ?? overNested(opts.text);
    this.cpp = opts.lang === 'cpp';
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

  private tooDeep(n: Node, scope: DeclScope): void {
    const fd = functionDeclarator(n);
    const named = fd ? functionName(fd, scope) : undefined;
    const at = named?.node ?? n;
    this.facts.skipped.push(skipNote(named && !('unsupported' in named) ? named.name : '(function)', this.loc(at), 'extract', new OverBudget('nesting')));
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
    // The scope says whether a node sits in the dead arm of an `#if 0` (only its #else / #elif arms are
    // code), and, in C++, in which namespaces and class.
    walkScoped<TopScope>(root, { dead: false, ns: '' }, (n, scope) => {
      if (scope.dead) return n.type === 'preproc_else' || n.type === 'preproc_elif' ? { ...scope, dead: false } : false;
      switch (n.type) {
        case 'preproc_if':
          // Text under `#if 0` is not code: keep only its #else arm.
          return isNeverCompiled(n) ? { ...scope, dead: true } : scope;
        case 'function_definition':
          if (scope.template) this.noteTemplate(n, scope);
          else if (this.overNested(n)) this.tooDeep(n, scope);
          else this.cachedFunc(n, scope);
          return false;
        case 'template_declaration':
          return { ...scope, template: true };
        case 'namespace_definition':
          return { ...scope, ns: scope.ns ? `${scope.ns}::${namespaceName(n)}` : namespaceName(n) };
        case 'class_specifier':
        case 'union_specifier':
          this.struct(n);
          return { ...scope, cls: className(n) || undefined };
        case 'field_declaration':
          if (scope.cls) this.constant(n);
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
          // A C++ struct may define member functions in its body.
          return this.cpp ? { ...scope, cls: className(n) || undefined } : false;
        case 'declaration':
          // In a class body a declaration is a constructor's or a friend's: nothing to keep.
          if (!scope.cls) this.globalDeclaration(n, scope);
          return false;
        case 'expression_statement':
        case 'compound_statement':
          return false;
        case 'ERROR':
          return scope.inError ? scope : { ...scope, inError: true };
        default:
          return scope;
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
    if (paramsNode) {
      m.params = paramsNode.namedChildren.filter((c): c is Node => !!c && c.type === 'identifier').map((c) => c.text);
      if (paramsNode.children.some((c) => c?.type === '...')) m.variadic = true;
    }
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

  private globalDeclaration(n: Node, scope: DeclScope): void {
    const t = n.childForFieldName('type')?.text ?? '';
    this.constant(n);
    for (const d of n.childrenForFieldName('declarator')) {
      if (!d) continue;
      if (d.type === 'function_declarator') continue; // a prototype
      const dn = declaredName(d);
      if (!dn) continue;
      this.facts.globals.set(dn.name, t + '*'.repeat(dn.stars));
      if (d.type === 'identifier') this.facts.roleDeclarations.push({ type: t, name: dn.name });
      if (d.type === 'init_declarator') {
        this.initializerFunctions(d);
        // `auto indicate = [](...) { ... };` at file scope: a function of its own.
        const value = d.childForFieldName('value');
        if (value?.type === 'lambda_expression') this.lambdaFunc(value, dn.name, scope);
      }
    }
  }

  /** `constexpr ULONG kX = 5;` and `const` scalars with an initializer: named constants for evaluation. */
  private constant(n: Node): void {
    let isConst = false;
    for (const c of n.children) {
      if (!c) continue;
      if ((c.type === 'type_qualifier' && (c.text === 'constexpr' || c.text === 'const')) || c.type === 'constexpr') isConst = true;
    }
    if (!isConst) return;
    for (const d of n.childrenForFieldName('declarator')) {
      if (d?.type !== 'init_declarator') continue;
      const name = d.childForFieldName('declarator');
      const value = d.childForFieldName('value');
      if (name?.type !== 'identifier' && name?.type !== 'field_identifier') continue;
      if (!value || value.type === 'initializer_list' || value.type === 'argument_list' || value.type === 'lambda_expression') continue;
      this.facts.constants.set(name.text, value.text);
    }
  }

  /** A function template, or a member of a class template: left out with a note (its types are the template's). */
  private noteTemplate(n: Node, scope: DeclScope): void {
    const fd = functionDeclarator(n);
    const named = fd ? functionName(fd, scope) : undefined;
    this.facts.skipped.push(unsupportedNote(named?.name ?? '(function)', this.loc(named?.node ?? n), 'a C++ template (its code depends on the template arguments)'));
  }

  /** `NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS c = { .InitiateOffloadHandler = MpInitiate }`. */
  private initializerFunctions(d: Node): void {
    const value = d.childForFieldName('value');
    if (!value || value.type !== 'initializer_list') return;
    // Data tables (test vectors, lookup tables) have neither a designator (`.F = f`) nor an address
    // (`&f`): not walked node by node (one string test instead of a wasm call per element).
    if (!/[=&]/.test(this.opts.text.slice(value.startIndex, value.endIndex))) return;
    walk(value, (c) => {
      if (c.type === 'initializer_pair') {
        const des = c.childrenForFieldName('designator').filter((x): x is Node => !!x);
        const v = c.childForFieldName('value');
        if (des.length && v?.type === 'identifier') this.facts.fieldFunctionAssignments.push({ field: des[des.length - 1].text.replace(/^\./, ''), value: v.text });
      } else if (c.type === 'pointer_expression' && c.parent?.type === 'initializer_list' && c.text.startsWith('&') && c.namedChild(0)?.type === 'identifier') {
        // `{ sizeof(T), &OnCreate, &OnDestroy }`: a dispatch table by position; the field is not known.
        this.facts.fieldFunctionAssignments.push({ field: '', value: c.namedChild(0)!.text });
      }
    });
  }

  /** Reuses the facts of a function whose text did not change, moved to its new offset. */
  private cachedFunc(n: Node, scope: TopScope): void {
    const reuse = this.opts.reuse;
    // Inside an ERROR node the same text may have been read another way (a broken declaration above took
    // `Adapter::` from the name): what the text gave before is no guide, so it is read again.
    if (!reuse || this.opts.mapOffset || scope.inError) return void this.func(n, scope);
    const key = `${scope.ns}|${scope.cls ?? ''}`;
    const old = reuse.find(n);
    if (old && old.scope === key) {
      const delta = n.startIndex - old.start;
      old.start = n.startIndex;
      old.end = n.endIndex;
      for (const s of old.skips) {
        s.loc.start += delta;
        s.loc.end += delta;
        this.facts.skipped.push(s);
      }
      for (const fn of old.fns) {
        shiftFunction(fn, delta);
        if (!fn.lambda) fn.prefix = prefixAt(this.opts.text, n.startIndex);
        this.facts.functions.push(fn);
      }
      for (const a of old.handlerAliases) this.facts.handlerAliases.push(a);
      for (const a of old.fieldFunctionAssignments) this.facts.fieldFunctionAssignments.push(a);
      reuse.keep(old);
      return;
    }
    const aliases = this.facts.handlerAliases.length;
    const assigns = this.facts.fieldFunctionAssignments.length;
    const count = this.facts.functions.length;
    const skips = this.facts.skipped.length;
    this.func(n, scope);
    const fns = this.facts.functions.slice(count);
    const skipped = this.facts.skipped.slice(skips);
    if (fns.length || skipped.length) {
      reuse.keep({
        start: n.startIndex,
        end: n.endIndex,
        scope: key,
        fns,
        skips: skipped,
        handlerAliases: this.facts.handlerAliases.slice(aliases),
        fieldFunctionAssignments: this.facts.fieldFunctionAssignments.slice(assigns),
      });
    }
  }

  /**
   * Reads one function definition within its limits: nesting deeper than MAX_NESTING or more work than
   * its budget leaves this function out (with a note in facts.skipped); the rest of the file goes on.
   */
  private func(n: Node, scope: DeclScope): void {
    const fd = functionDeclarator(n);
    const body = n.childForFieldName('body');
    if (!body) return;
    // No parameter list: the grammar took something else for a definition (`struct ALIGNED(8) X { }`,
    // `except (...) { }`); its text shows among the parse-error regions when it is one.
    if (!fd) return;
    const named = functionName(fd, scope);
    if ('unsupported' in named) {
      // Said, never dropped: a definition whose name cannot be read (an operator, a specialisation).
      this.facts.skipped.push(unsupportedNote(named.name, this.loc(named.node), named.unsupported));
      return;
    }
    const info = { owner: named.owner, qualified: this.cpp ? named.qualified : undefined, method: !!named.owner };
    this.readWithin(n, named.name, named.node, fd.childForFieldName('parameters'), body, info);
  }

  /** Reads one function (or lambda) within its budget; a function over it is noted, and so are the lambdas inside it. */
  private readWithin(n: Node, name: string, nameNode: Node, paramsNode: Node | null, body: Node, info: Partial<FunctionFacts>): void {
    const aliases = this.facts.handlerAliases.length;
    const assigns = this.facts.fieldFunctionAssignments.length;
    const outerLambdas = this.lambdas;
    this.lambdas = [];
    try {
      const { value: fn, used } = withBudgetCounted(budgetFor(n.endIndex - n.startIndex), () => this.readFunction(n, name, nameNode, paramsNode, body, info));
      readSteps.set(fn, used);
      this.facts.functions.push(fn);
      // The lambdas the body holds run when they are called, not where they are written: functions of their own.
      const found = this.lambdas;
      this.lambdas = [];
      for (const l of found) {
        const ln = lambdaName(l.node, l.outer.name);
        this.lambdaFunc(l.node, ln.name, { ns: '', cls: l.outer.owner }, ln.node);
      }
    } catch (e) {
      // What the partial walk recorded goes with it.
      this.facts.handlerAliases.length = aliases;
      this.facts.fieldFunctionAssignments.length = assigns;
      this.facts.skipped.push(skipNote(name, this.loc(nameNode), 'extract', e));
    } finally {
      this.lambdas = outerLambdas;
    }
  }

  private lambdaFunc(l: Node, name: string, scope: DeclScope, nameNode: Node = l): void {
    const body = l.childForFieldName('body');
    if (!body) return;
    const params = l.childForFieldName('declarator')?.childForFieldName('parameters') ?? null;
    this.readWithin(l, name, nameNode, params, body, { lambda: true, owner: scope.cls });
  }

  private readFunction(n: Node, name: string, nameNode: Node, paramsNode: Node | null, body: Node, info: Partial<FunctionFacts>): FunctionFacts {
    const params: Param[] = [];
    for (const p of paramsNode?.namedChildren ?? []) {
      if (!p || (p.type !== 'parameter_declaration' && p.type !== 'optional_parameter_declaration')) continue;
      const dn = declaredName(p.childForFieldName('declarator'));
      if (!dn) continue;
      params.push({ name: dn.name, type: (p.childForFieldName('type')?.text ?? '') + '*'.repeat(dn.stars), loc: this.loc(dn.node) });
    }
    const start = n.startIndex;
    const fn: FunctionFacts = {
      name,
      uri: this.opts.uri,
      nameLoc: this.loc(nameNode),
      span: this.loc(n),
      params,
      locals: new Map(),
      writes: [],
      calls: [],
      prefix: this.opts.mapOffset || info.lambda ? undefined : prefixAt(this.opts.text, start),
    };
    for (const [k, v] of Object.entries(info)) if (v !== undefined && v !== false) (fn as unknown as Record<string, unknown>)[k] = v;
    if (/::\s*~?$/.test(this.opts.text.slice(start, nameNode.startIndex))) fn.method = true;
    // A constructor's member initializers run before its body.
    for (const c of n.namedChildren) if (c?.type === 'field_initializer_list') this.memberInitializers(c, fn);
    this.body(body, [], fn);
    if (this.opts.eagerCfg !== false) fn.cfg = buildCfg(body, this.map);
    return fn;
  }

  /** `Adapter(NDIS_HANDLE h) : handle_(h), indication_{}`: each member is written before the body runs. */
  private memberInitializers(list: Node, fn: FunctionFacts): void {
    for (const init of list.namedChildren) {
      if (init?.type !== 'field_initializer') continue;
      const field = init.namedChildren.find((c) => c?.type === 'field_identifier');
      const value = init.namedChildren.find((c) => c?.type === 'argument_list' || c?.type === 'initializer_list');
      if (!field || !value) continue;
      const args = value.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
      if (value.type === 'initializer_list') {
        const fields: { path: string; value: string; loc: Loc }[] = [];
        this.initList(value, '', undefined, fields);
        fn.writes.push({ kind: 'initList', obj: field.text, fields, at: this.loc(init), regions: [] });
      } else if (args.length === 0) fn.writes.push({ kind: 'zero', obj: field.text, at: this.loc(init), regions: [] });
      else if (args.length === 1) fn.writes.push({ kind: 'assign', lv: field.text, value: args[0].text, valueLoc: this.loc(args[0]), at: this.loc(init), regions: [], how: 'init' });
    }
  }

  /**
   * Reads a function body (or a function-like macro's, parsed as a function with untyped parameters):
   * its writes, calls and declarations, each with the branch regions it sits in. The walk keeps its
   * own stack, so no nesting can overflow the process's; writes and calls come out in the order a
   * recursive walk would give (a node's own write after the expressions inside it).
   */
  /** Lambdas met by the walks so far (each is read once the body is: readWithin). */
  lambdasMet(): number {
    return this.lambdas.length;
  }

  body(root: Node, regions: Region[], fn: FunctionFacts, depth = 0): void {
    const stack: Task[] = [{ node: root, regions, depth }];
    while (stack.length) {
      const t = stack.pop()!;
      if (typeof t === 'function') t();
      else this.visit(t.node, t.regions, t.depth, fn, stack);
    }
  }

  /**
   * Handles one node: records what it writes or calls, and pushes its parts (last first, so they run in order).
   * The regions and depth it gives a statement are worked out again, from the statement up, by
   * statementReread.ts placeOf: a change to them here changes them there.
   */
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
      case 'lambda_expression':
        // Read as a function of its own once this body is done (see readWithin).
        this.lambdas.push({ node, outer: fn });
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
        // `static_cast<T>(x)` is x: its operand is read, and there is no call.
        if (callee.type === 'template_function' && CPP_CASTS.has(callee.childForFieldName('name')?.text ?? '')) return all(args, regions);
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
    // `T& r = obj;`: r is another name of obj.
    if (d.childForFieldName('declarator')?.type === 'reference_declarator' && value.type !== 'initializer_list') {
      fn.writes.push({ kind: 'alias', name: dn.name, target: norm(value.text), at: this.loc(value), regions });
      stack.push({ node: value, regions, depth });
      return;
    }
    // `T x(args)` constructs x: nothing we can follow is written.
    if (value.type === 'argument_list') return void stack.push({ node: value, regions, depth });
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
    if (op === '=' && right.type === 'initializer_list') {
      // `si = {};` / `si = { ... }`: the fields named are set, every other one is zero.
      const fields: { path: string; value: string; loc: Loc }[] = [];
      this.initList(right, '', undefined, fields);
      fn.writes.push({ kind: 'initList', obj: lv, fields, at: this.loc(node), regions });
      return;
    }
    if (op !== '=') {
      // `x |= F` writes x with a value computed from the one before: the analysis combines the two.
      const compound = { op: op.slice(0, -1), operand: right.text, operandLoc: this.loc(right) };
      fn.writes.push({ kind: 'assign', lv, value: `${left.text} ${op} ${right.text}`, valueLoc: this.loc(right), at: this.loc(node), regions, how: 'assign', compound });
      return;
    }
    const write: Write = { kind: 'assign', lv, value: right.text, valueLoc: this.loc(right), at: this.loc(node), regions, how: 'assign' };
    fn.writes.push(write);
    this.aliasOrHandler(lv, right, regions, fn);
    if (left.type === 'field_expression' && right.type === 'identifier') {
      const registration = { field: left.childForFieldName('field')?.text ?? '', value: right.text };
      this.facts.fieldFunctionAssignments.push(registration);
      registrationOf.set(write, registration);
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
    else if (callee.type === 'qualified_identifier' || callee.type === 'template_function') nameNode = innermostName(callee);
    const site: CallSite = { callee: callee.text, name: lastName(callee.text), args, at: this.loc(node), nameLoc: this.loc(nameNode), regions };
    if (this.cpp) qualifyCall(site, callee, nameNode);
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
