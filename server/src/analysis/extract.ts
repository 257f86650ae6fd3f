// Walks one parsed file and keeps the facts the analysis needs (see facts.ts): its declarations and
// definitions here, each function body's writes and calls in bodyFacts.ts.
import type { Node, Tree } from 'web-tree-sitter';
import type { Loc } from './source';
import { emptyFacts, type FileFacts, type FunctionFacts, type MacroFacts, type Param, type SkippedFunction } from './facts';
import { declaredName, walkScoped } from './syntax';
import { buildCfg, isNeverCompiled } from './cfg';
import { budgetFor, OverBudget, withBudgetCounted } from './budget';
import { skipNote, unsupportedNote } from './skipNote';
import { className, functionDeclarator, functionName, lambdaName, namespaceName, type DeclScope } from './cppNames';
import { parseErrorRegions } from './parseErrors';
import { BodyReader, type BodyOptions } from './bodyFacts';
import { prefixAt, shiftFunction } from './shiftFacts';
import { overNested } from '../parse/nesting';

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

/** Functions kept from an earlier extraction of the same file (see openFacts.ts). */
export interface FunctionReuse {
  /** The kept facts of a definition whose text and syntax did not change, or undefined. */
  find(n: Node): CachedFunction | undefined;
  /** Told of every definition read or reused, in order. */
  keep(c: CachedFunction): void;
}

export interface ExtractOptions extends BodyOptions {
  reuse?: FunctionReuse;
  /** Build control-flow graphs now (files open in the editor); otherwise they are built on demand. */
  eagerCfg?: boolean;
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


/** Reads a file: its declarations and definitions, each function body with what BodyReader reads. */
class Extractor extends BodyReader {
  declare protected readonly opts: ExtractOptions;
  /** Spans the parser was not given (nested too deeply, see parse/nesting.ts), and which of them a function held. */
  private readonly deep: [number, number][];
  private readonly deepInFunctions = new Set<number>();
  constructor(facts: FileFacts, opts: ExtractOptions) {
    super(facts, opts);
    this.deep = opts.deep ?? overNested(opts.text);
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

}
