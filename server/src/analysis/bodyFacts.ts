// What a function body holds: its writes, calls, declarations and returns, each with the branch regions
// it sits in, read by a walk with a stack of its own (extract.ts reads a file's declarations and
// definitions and hands each body to this walk). A statement of a body can be read on its own at its
// place (readStatement, for statementReread.ts).
import type { Node } from 'web-tree-sitter';
import type { Loc } from './source';
import { emptyFacts, type Arg, type CallSite, type FileFacts, type FunctionFacts, type Region, type Write } from './facts';
import { declaredName, lastName, norm, objectOfArg, walk } from './syntax';
import { isNeverCompiled } from './cfg';
import { charge, MAX_NESTING, OverBudget } from './budget';
import { CPP_CASTS, innermostName, qualifyCall } from './cppNames';
import { OBJECT_HEADER_FIELDS, STATUS_INDICATION_FIELDS } from '../ndis/constants';

/** Calls that set every byte of their first argument's object to zero. */
const ZEROING = new Set(['NdisZeroMemory', 'RtlZeroMemory', 'RtlSecureZeroMemory', 'ZeroMemory', 'memset', 'RtlFillMemory', 'NdisFillMemory']);

/** What a body is read with (extract.ts ExtractOptions adds what reading a whole file takes). */
export interface BodyOptions {
  uri: string;
  /** The user's text (the tree was parsed from a blanked copy of the same length). */
  text: string;
  /** Maps an offset in the parsed text to one in the user's file (macro bodies are parsed out of place). */
  mapOffset?: (offset: number) => number;
  /** The grammar the tree comes from (C++ adds namespaces, classes, lambdas, qualified calls). */
  lang?: 'c' | 'cpp';
}

/** A piece of the body walk: a node to read inside its branch regions, or a step that finishes a node. */
type Task = { node: Node; regions: Region[]; depth: number } | (() => void);

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
export function readStatement(stmt: Node, regions: Region[], depth: number, opts: BodyOptions): StatementFacts {
  const facts = emptyFacts(opts.uri);
  const ctx = new BodyReader(facts, opts);
  const fn: FunctionFacts = { name: '', uri: opts.uri, nameLoc: ctx.loc(stmt), span: ctx.loc(stmt), params: [], locals: new Map(), writes: [], calls: [] };
  ctx.body(stmt, regions, fn, depth);
  const lambdas = ctx.lambdasMet();
  const registrations = fn.writes.filter((w) => registrationOf.has(w)).length;
  return { writes: fn.writes, calls: fn.calls, returns: fn.returns ?? [], declares: fn.locals.size > 0 || lambdas > 0 || facts.handlerAliases.length > 0 || facts.fieldFunctionAssignments.length !== registrations };
}

/** Reads function bodies into facts (the file's own lists get its field registrations and handler aliases). */
export class BodyReader {
  protected readonly map: (o: number) => number;
  /** Lambdas met while reading a body: each becomes a function of its own once the body is read. */
  protected lambdas: { node: Node; outer: FunctionFacts }[] = [];
  protected readonly cpp: boolean;
  constructor(
    protected readonly facts: FileFacts,
    protected readonly opts: BodyOptions,
  ) {
    this.map = opts.mapOffset ?? ((o) => o);
    this.cpp = opts.lang === 'cpp';
  }

  loc(n: Node): Loc {
    return { uri: this.opts.uri, start: this.map(n.startIndex), end: this.map(n.endIndex) };
  }

  /** `NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS c = { .InitiateOffloadHandler = MpInitiate }`. */
  protected initializerFunctions(d: Node): void {
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

  /**
   * Reads a function body (or a function-like macro's, parsed as a function with untyped parameters):
   * its writes, calls and declarations, each with the branch regions it sits in. The walk keeps its
   * own stack, so no nesting can overflow the process's; writes and calls come out in the order a
   * recursive walk would give (a node's own write after the expressions inside it).
   */
  body(root: Node, regions: Region[], fn: FunctionFacts, depth = 0): void {
    const stack: Task[] = [{ node: root, regions, depth }];
    while (stack.length) {
      const t = stack.pop()!;
      if (typeof t === 'function') t();
      else this.visit(t.node, t.regions, t.depth, fn, stack);
    }
  }

  /** Lambdas met by the walks so far (each is read once the body is: readWithin). */
  lambdasMet(): number {
    return this.lambdas.length;
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
  protected initList(list: Node, prefix: string, order: readonly string[] | undefined, out: { path: string; value: string; loc: Loc }[]): void {
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
