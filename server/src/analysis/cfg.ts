// A control-flow graph per function, built from the tree-sitter tree and kept
// as plain data: if/else, switch with fall-through, loops, do { } while (0),
// goto and labels, return, __try/__finally/__leave, and #if/#else arms taken
// as alternatives. Calls and writes are placed in nodes by their offsets.
import type { Node } from 'web-tree-sitter';
import { charge, MAX_NESTING, OverBudget } from './budget';

export interface CfgEdge {
  to: number;
  /** Why this edge is taken, for traces ("status != NDIS_STATUS_SUCCESS"). */
  label?: string;
  /** Offset of the branch condition the label describes. */
  at?: number;
}

export interface CfgNode {
  /** Offsets of the code this node stands for; calls inside it happen here. */
  start: number;
  end: number;
  kind: 'entry' | 'exit' | 'stmt' | 'cond' | 'return' | 'join';
  succ: CfgEdge[];
  /**
   * A statement that is only a name or an upper-case call (`MP_EXIT;`, `BAIL_IF_FAILED(Status);`): it may be a
   * macro whose expansion jumps (macroFlow.ts), with where `break`, `continue`, `__leave` and `return` go from here.
   */
  use?: MacroUse;
  /** A node of a macro's expansion spliced in at a use (macroFlow.ts): it holds no code of the file. */
  macro?: { name: string; text: string };
  /** A `goto`: the label it jumps to (its edge is joined to the label's node once the body is read). */
  goto?: string;
}

export interface MacroUse {
  name: string;
  /** The arguments as written, for a call. */
  args?: string[];
  breakTo?: number;
  continueTo?: number;
  leaveTo?: number;
  returnTo?: number;
}

export interface Cfg {
  nodes: CfgNode[];
  entry: number;
  exit: number;
  /** Label name -> its node, for the `goto`s of macro expansions spliced in later. */
  labels?: Map<string, number>;
}

/** A macro's expansion built on its own: where it starts, where it falls through, and where it jumps out. */
export interface CfgFragment {
  nodes: CfgNode[];
  entry: number;
  /** Nodes that leave the fragment normally. */
  outs: number[];
  /** Joins standing for the places a jump leaves to: the function's exit (return), the loop's end, ... */
  returns: number;
  breaks?: number;
  continues?: number;
  leaves?: number;
  /** `goto` nodes to labels the fragment does not define (the function's). */
  gotos: Map<string, number[]>;
}

interface Ctx {
  breakTo?: number;
  continueTo?: number;
  leaveTo?: number;
  /** Where a `return` goes: the function's exit, or the __finally block that runs first. */
  returnTo?: number;
}

/** The body of the function definition or lambda that starts at `start` in the tree, or undefined. */
export function functionBodyAt(root: Node, start: number): Node | undefined {
  let n: Node | null = root.descendantForIndex(start, start);
  while (n && !((n.type === 'function_definition' || n.type === 'lambda_expression') && n.startIndex === start)) n = n.parent;
  return n?.childForFieldName('body') ?? undefined;
}

export function buildCfg(body: Node, map: (o: number) => number = (o) => o): Cfg {
  const b = new Builder(map);
  const entry = b.node('entry', body.startIndex, body.startIndex);
  const exit = b.node('exit', body.endIndex - 1, body.endIndex);
  b.exit = exit;
  const end = b.run(body, [entry], {});
  for (const n of end) b.edge(n, exit);
  for (const [label, froms] of b.gotos) {
    const target = b.labels.get(label);
    for (const f of froms) b.edge(f, target ?? exit);
  }
  return { nodes: b.nodes, entry, exit, ...(b.labels.size ? { labels: b.labels } : {}) };
}

/** The graph of a macro expansion's statements (parsed on their own), with its ways out left open. */
export function buildFragment(body: Node, jumps: { breaks: boolean; continues: boolean; leaves: boolean }): CfgFragment {
  const b = new Builder((o) => o);
  b.uses = false;
  const entry = b.node('join', body.startIndex, body.startIndex);
  const returns = b.node('join', body.endIndex, body.endIndex);
  b.exit = returns;
  const breaks = jumps.breaks ? b.node('join', body.endIndex, body.endIndex) : undefined;
  const continues = jumps.continues ? b.node('join', body.endIndex, body.endIndex) : undefined;
  const leaves = jumps.leaves ? b.node('join', body.endIndex, body.endIndex) : undefined;
  const outs = b.run(body, [entry], { breakTo: breaks, continueTo: continues, leaveTo: leaves });
  const gotos = new Map<string, number[]>();
  for (const [label, froms] of b.gotos) {
    const target = b.labels.get(label);
    if (target !== undefined) for (const f of froms) b.edge(f, target);
    else gotos.set(label, froms);
  }
  return { nodes: b.nodes, entry, outs, returns, breaks, continues, leaves, gotos };
}

/** An upper-case name: the way macros are spelled (the only calls looked at as possible control-flow macros). */
const MACRO_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** The macro use a statement may be (`NAME;` or `NAME(args);`), else undefined. */
export function macroUse(n: Node): MacroUse | undefined {
  const e = n.namedChildren.filter((c) => c && c.type !== 'comment');
  if (e.length !== 1 || !e[0]) return undefined;
  const x = e[0];
  if (x.type === 'identifier') return { name: x.text };
  if (x.type !== 'call_expression') return undefined;
  const f = x.childForFieldName('function');
  if (f?.type !== 'identifier' || !MACRO_NAME.test(f.text) || !/[A-Z]/.test(f.text)) return undefined;
  const args = x.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment').map((a) => a.text) ?? [];
  return { name: f.text, args };
}

class Builder {
  nodes: CfgNode[] = [];
  exit = 0;
  labels = new Map<string, number>();
  gotos = new Map<string, number[]>();
  /** Notes statements that may be macro uses (not inside an expansion: that was expanded already). */
  uses = true;
  constructor(private readonly map: (o: number) => number) {}

  node(kind: CfgNode['kind'], start: number, end: number): number {
    this.nodes.push({ kind, start: this.map(start), end: this.map(end), succ: [] });
    return this.nodes.length - 1;
  }

  edge(from: number, to: number, label?: string, at?: number): void {
    if (!this.nodes[from].succ.some((e) => e.to === to && e.label === label)) this.nodes[from].succ.push({ to, label, at: at === undefined ? undefined : this.map(at) });
  }

  private link(preds: number[], to: number, label?: string, at?: number): void {
    for (const p of preds) this.edge(p, to, label, at);
  }

  /**
   * Adds the statement after `preds`; returns the nodes control leaves it from normally.
   * Statements hold statements to any depth: each one is a generator that yields the statements
   * inside it and receives their exits, and this loop runs them on a stack of its own.
   */
  run(n: Node, preds: number[], ctx: Ctx): number[] {
    const stack: Step[] = [];
    const root = this.simple(n, preds, ctx);
    if (root) return root;
    stack.push(this.stmt(n, preds, ctx));
    let value: number[] = [];
    for (;;) {
      const r = stack[stack.length - 1].next(value);
      if (r.done) {
        stack.pop();
        if (stack.length === 0) return r.value;
        value = r.value;
        continue;
      }
      const sub = r.value;
      charge(1);
      if (stack.length > MAX_NESTING) throw new OverBudget('nesting');
      const simple = this.simple(sub.n, sub.preds, sub.ctx);
      if (simple) value = simple;
      else {
        stack.push(this.stmt(sub.n, sub.preds, sub.ctx));
        value = [];
      }
    }
  }

  /** Statements with no statements inside, answered without a generator (most of a body). */
  private simple(n: Node, preds: number[], ctx: Ctx): number[] | undefined {
    switch (n.type) {
      case 'break_statement':
        if (ctx.breakTo !== undefined) this.link(preds, ctx.breakTo);
        return [];
      case 'continue_statement':
        if (ctx.continueTo !== undefined) this.link(preds, ctx.continueTo);
        return [];
      case 'return_statement': {
        const r = this.node('return', n.startIndex, n.endIndex);
        this.link(preds, r);
        this.edge(r, ctx.returnTo ?? this.exit);
        return [];
      }
      case 'goto_statement': {
        const g = this.node('stmt', n.startIndex, n.endIndex);
        this.link(preds, g);
        const label = n.childForFieldName('label')?.text ?? '';
        this.nodes[g].goto = label;
        const list = this.gotos.get(label) ?? [];
        list.push(g);
        this.gotos.set(label, list);
        return [];
      }
      case 'seh_leave_statement':
        if (ctx.leaveTo !== undefined) this.link(preds, ctx.leaveTo);
        return [];
      case 'comment':
      case 'preproc_call':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_include':
        return preds;
      case 'expression_statement':
      case 'declaration': {
        const s = this.node('stmt', n.startIndex, n.endIndex);
        this.link(preds, s);
        const use = this.uses && n.type === 'expression_statement' ? macroUse(n) : undefined;
        if (use) {
          if (ctx.breakTo !== undefined) use.breakTo = ctx.breakTo;
          if (ctx.continueTo !== undefined) use.continueTo = ctx.continueTo;
          if (ctx.leaveTo !== undefined) use.leaveTo = ctx.leaveTo;
          if (ctx.returnTo !== undefined) use.returnTo = ctx.returnTo;
          this.nodes[s].use = use;
        }
        return [s];
      }
      default:
        return undefined;
    }
  }

  private *stmt(n: Node, preds: number[], ctx: Ctx): Step {
    switch (n.type) {
      case 'compound_statement':
      case 'translation_unit': {
        let cur = preds;
        for (const c of n.namedChildren) if (c && c.type !== 'comment') cur = yield sub(c, cur, ctx);
        return cur;
      }
      case 'if_statement': {
        const condNode = n.childForFieldName('condition');
        const cond = this.node('cond', condNode?.startIndex ?? n.startIndex, condNode?.endIndex ?? n.startIndex);
        this.link(preds, cond);
        const text = condText(condNode);
        const thenStart = this.node('join', n.startIndex, n.startIndex);
        this.edge(cond, thenStart, text, condNode?.startIndex);
        const cons = n.childForFieldName('consequence');
        const out = cons ? yield sub(cons, [thenStart], ctx) : [thenStart];
        const alt = n.childForFieldName('alternative');
        if (alt) {
          const elseStart = this.node('join', alt.startIndex, alt.startIndex);
          this.edge(cond, elseStart, negate(text), condNode?.startIndex);
          const body = alt.type === 'else_clause' ? alt.namedChildren.find((c) => c && c.type !== 'comment') : alt;
          return [...out, ...(body ? yield sub(body, [elseStart], ctx) : [elseStart])];
        }
        const skip = this.node('join', n.endIndex, n.endIndex);
        this.edge(cond, skip, negate(text), condNode?.startIndex);
        return [...out, skip];
      }
      case 'while_statement':
      case 'for_statement': {
        const condNode = n.childForFieldName('condition');
        const head = this.node('cond', condNode?.startIndex ?? n.startIndex, condNode?.endIndex ?? n.startIndex);
        this.link(preds, head);
        const after = this.node('join', n.endIndex, n.endIndex);
        const text = condText(condNode);
        const bodyStart = this.node('join', n.startIndex, n.startIndex);
        this.edge(head, bodyStart, text, condNode?.startIndex);
        if (!isAlwaysTrue(condNode, n.type)) this.edge(head, after, negate(text), condNode?.startIndex);
        const body = n.childForFieldName('body');
        const out = body ? yield sub(body, [bodyStart], { ...ctx, breakTo: after, continueTo: head }) : [bodyStart];
        this.link(out, head);
        return [after];
      }
      case 'do_statement': {
        const condNode = n.childForFieldName('condition');
        const after = this.node('join', n.endIndex, n.endIndex);
        const cond = this.node('cond', condNode?.startIndex ?? n.endIndex, condNode?.endIndex ?? n.endIndex);
        const bodyStart = this.node('join', n.startIndex, n.startIndex);
        this.link(preds, bodyStart);
        const body = n.childForFieldName('body');
        const out = body ? yield sub(body, [bodyStart], { ...ctx, breakTo: after, continueTo: cond }) : [bodyStart];
        this.link(out, cond);
        // do { ... } while (0): the macro idiom runs the body once.
        if (!isFalse(condNode)) this.edge(cond, bodyStart, condText(condNode), condNode?.startIndex);
        this.edge(cond, after);
        return [after];
      }
      case 'switch_statement': {
        const condNode = n.childForFieldName('condition');
        const cond = this.node('cond', condNode?.startIndex ?? n.startIndex, condNode?.endIndex ?? n.startIndex);
        this.link(preds, cond);
        const after = this.node('join', n.endIndex, n.endIndex);
        const body = n.childForFieldName('body');
        let fall: number[] = [];
        let hasDefault = false;
        for (const c of body?.namedChildren ?? []) {
          if (!c) continue;
          if (c.type === 'case_statement') {
            const value = c.childForFieldName('value');
            if (!value) hasDefault = true;
            const start = this.node('join', c.startIndex, c.startIndex);
            this.edge(cond, start, value ? `case ${value.text}` : 'default', condNode?.startIndex ?? c.startIndex);
            let cur = [start, ...fall];
            for (const s of c.namedChildren) if (s && s !== value && s.type !== 'comment') cur = yield sub(s, cur, { ...ctx, breakTo: after });
            fall = cur;
          } else if (c.type !== 'comment') fall = yield sub(c, fall, { ...ctx, breakTo: after });
        }
        this.link(fall, after);
        if (!hasDefault) this.edge(cond, after, 'no case matches', condNode?.startIndex);
        return [after];
      }
      case 'labeled_statement': {
        const label = n.childForFieldName('label')?.text ?? '';
        const l = this.node('join', n.startIndex, n.startIndex);
        this.labels.set(label, l);
        this.link(preds, l);
        const inner = n.namedChildren.find((c) => c && c.type !== 'statement_identifier' && c.type !== 'comment');
        return inner ? yield sub(inner, [l], ctx) : [l];
      }
      case 'seh_try_statement': {
        // __try { } __except/__finally { }: __leave jumps to the end of the try body.
        const body = n.childForFieldName('body');
        const end = this.node('join', body?.endIndex ?? n.endIndex, body?.endIndex ?? n.endIndex);
        // A return inside __try runs the __finally block first: that block is built a second
        // time on the return's way to the exit.
        const fin = n.namedChildren.find((c) => c?.type === 'seh_finally_clause');
        let returnTo = ctx.returnTo;
        if (fin) {
          const viaFinally = this.node('join', fin.startIndex, fin.startIndex);
          const out = yield sub(fin.childForFieldName('body') ?? fin, [viaFinally], ctx);
          this.link(out, ctx.returnTo ?? this.exit);
          returnTo = viaFinally;
        }
        const out = body ? yield sub(body, preds, { ...ctx, leaveTo: end, returnTo }) : preds;
        this.link(out, end);
        let cur = [end];
        for (const c of n.namedChildren) {
          if (!c || c === body) continue;
          if (c.type === 'seh_finally_clause') cur = yield sub(c.childForFieldName('body') ?? c, cur, ctx);
          else if (c.type === 'seh_except_clause') {
            const h = c.childForFieldName('body');
            const hs = this.node('join', c.startIndex, c.startIndex);
            this.link(preds, hs, '__except');
            cur = [...cur, ...(h ? yield sub(h, [hs], ctx) : [hs])];
          }
        }
        return cur;
      }
      case 'preproc_if':
      case 'preproc_ifdef': {
        // Each arm is an alternative: the analysis cannot know the configuration. `#if 0` is never compiled.
        if (isNeverCompiled(n)) {
          const alt = n.namedChildren.find((c) => c?.type === 'preproc_else' || c?.type === 'preproc_elif');
          return alt ? yield sub(alt, preds, ctx) : preds;
        }
        const arms: number[][] = [];
        let cur = preds;
        let sawElse = false;
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'preproc_else' || c.type === 'preproc_elif') {
            sawElse = true;
            arms.push(yield sub(c, preds, ctx));
          } else if (c !== n.childForFieldName('condition') && c !== n.childForFieldName('name')) cur = yield sub(c, cur, ctx);
        }
        arms.push(cur);
        if (!sawElse) arms.push(preds);
        return arms.flat();
      }
      case 'preproc_else':
      case 'preproc_elif': {
        let cur = preds;
        for (const c of n.namedChildren) if (c && c !== n.childForFieldName('condition')) cur = yield sub(c, cur, ctx);
        return cur;
      }
      default: {
        // break, return, goto, ... and plain statements are answered by simple(); this is anything else.
        const s = this.node('stmt', n.startIndex, n.endIndex);
        this.link(preds, s);
        return [s];
      }
    }
  }
}

/** A statement inside another, handed to Builder.run: the generator gets its exits back. */
interface Sub {
  n: Node;
  preds: number[];
  ctx: Ctx;
}
type Step = Generator<Sub, number[], number[]>;

function sub(n: Node, preds: number[], ctx: Ctx): Sub {
  return { n, preds, ctx };
}
function condText(n: Node | null): string {
  if (!n) return 'condition';
  let t = n.text.replace(/\s+/g, ' ').trim();
  if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1).trim();
  return t.length > 80 ? t.slice(0, 77) + '...' : t;
}

function negate(t: string): string {
  const m = /^!\s*\(?(.*?)\)?$/.exec(t);
  if (m && t.startsWith('!(') && t.endsWith(')')) return m[1];
  return `!(${t})`;
}

function isFalse(n: Node | null): boolean {
  const t = n?.text.replace(/[\s()]/g, '') ?? '';
  return t === '0' || t === 'FALSE' || t === 'false';
}

function isAlwaysTrue(n: Node | null, type: string): boolean {
  if (type === 'for_statement' && !n) return true;
  const t = n?.text.replace(/[\s()]/g, '') ?? '';
  return t === '1' || t === 'TRUE' || t === 'true';
}

/** `#if 0` / `#if FALSE`: the arm is dead text, not an alternative. */
export function isNeverCompiled(n: Node): boolean {
  if (n.type !== 'preproc_if') return false;
  const c = n.childForFieldName('condition')?.text.replace(/[\s()]/g, '');
  return c === '0' || c === 'FALSE';
}

/** Per graph, its statement nodes sorted by start (kept while the graph lives). */
const sortedNodes = new WeakMap<Cfg, number[]>();

/** The innermost graph nodes that hold an offset (a __finally block built twice has two). */
export function nodesHolding(cfg: Cfg, offset: number): number[] {
  let order = sortedNodes.get(cfg);
  if (!order) {
    // A macro expansion's nodes hold none of the file's code (macroFlow.ts).
    order = cfg.nodes.map((_, i) => i).filter((i) => cfg.nodes[i].kind !== 'join' && cfg.nodes[i].kind !== 'entry' && !cfg.nodes[i].macro);
    order.sort((a, b) => cfg.nodes[a].start - cfg.nodes[b].start || cfg.nodes[b].end - cfg.nodes[a].end);
    sortedNodes.set(cfg, order);
  }
  // The last node starting at or before the offset; statement nodes do not nest, so it is the one.
  let lo = 0;
  let hi = order.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cfg.nodes[order[mid]].start <= offset) (at = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  if (at < 0) return [];
  const n = cfg.nodes[order[at]];
  if (offset >= n.end) return nestedHolding(cfg, offset);
  const out = [order[at]];
  for (let k = at - 1; k >= 0 && cfg.nodes[order[k]].start === n.start && cfg.nodes[order[k]].end === n.end; k--) out.push(order[k]);
  return out;
}

/** The same question by a full scan, for the rare graph whose nodes nest. */
function nestedHolding(cfg: Cfg, offset: number): number[] {
  let best: number[] = [];
  let size = Infinity;
  cfg.nodes.forEach((n, i) => {
    charge(1);
    if (n.kind === 'join' || n.kind === 'entry' || n.macro) return;
    if (n.start <= offset && offset < n.end) {
      const sz = n.end - n.start;
      if (sz < size) {
        best = [i];
        size = sz;
      } else if (sz === size) best.push(i);
    }
  });
  return best;
}
