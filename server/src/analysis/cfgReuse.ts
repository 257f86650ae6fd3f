// A letter typed inside one plain statement (`Send(a, bx);`) changes the function's facts, so the
// function is read again as a new one, but its control-flow graph is the old one with the offsets after
// the edit moved: that graph is kept, moved, instead of being built again from the tree (about 3 ms for
// a 1,400-line function, on every letter typed in it). Only when the syntax changed nowhere else (the
// spans read again lie in the statement), the statement is still an expression or a declaration, and it
// neither was nor is a `goto` (its label is in the graph). A possible macro use (`RT_TRACE(COMP, ("..."));`,
// `BAIL(s);`) keeps its node with the name and arguments written now, and the jumps its place gives it;
// a statement that becomes one is built again (its place's jumps are not in the graph).
import type { Node, Tree } from 'web-tree-sitter';
import { macroUse, type Cfg } from './cfg';
import type { FunctionFacts } from './facts';
import { movedCfg } from './shiftFacts';

interface Edit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The graph of `now` (read again after `edit`) as `old`'s graph moved, or undefined when it must be built. */
export function movedGraph(old: FunctionFacts, now: FunctionFacts, tree: Tree, edit: Edit, changed: readonly [number, number][]): Cfg | undefined {
  const cfg = old.cfg;
  const delta = edit.newEnd - edit.oldEnd;
  if (!cfg || now.cfg || old.name !== now.name || old.span.start !== now.span.start || old.span.end + delta !== now.span.end) return undefined;
  // The statement the edit is inside: every node it meets is that statement (a __finally block's
  // statements are in the graph twice).
  let span: [number, number] | undefined;
  const at: number[] = [];
  for (let i = 0; i < cfg.nodes.length; i++) {
    const n = cfg.nodes[i];
    if (n.start >= edit.oldEnd || n.end <= edit.start || n.kind === 'join') continue;
    if (n.kind !== 'stmt' || n.goto || n.macro || !(n.start < edit.start && edit.oldEnd < n.end)) return undefined;
    if (span && (span[0] !== n.start || span[1] !== n.end)) return undefined;
    span = [n.start, n.end];
    at.push(i);
  }
  if (!span) return undefined;
  const [start, end] = [span[0], span[1] + delta];
  if (changed.some(([a, b]) => a < start || b > end)) return undefined;
  const stmt = statementAt(tree, start, end);
  if (!stmt) return undefined;
  const use = stmt.type === 'expression_statement' ? macroUse(stmt) : undefined;
  const wasUse = at.some((i) => cfg.nodes[i].use);
  if (use && !wasUse) return undefined;
  const moved = movedCfg(cfg, edit.start, edit.oldEnd, delta);
  for (const i of at) {
    const node = moved.nodes[i];
    if (!node.use) continue;
    // The jumps its place gives it, with what is written now (a new object: the old graph is left as it was).
    const { name: _name, args: _args, ...jumps } = node.use;
    if (use) node.use = { name: use.name, ...(use.args ? { args: use.args } : {}), ...jumps };
    else delete node.use;
  }
  return moved;
}

/** The expression statement or declaration the new tree has at exactly [start, end), if any. */
function statementAt(tree: Tree, start: number, end: number): Node | undefined {
  let n: Node | null = tree.rootNode.descendantForIndex(start, end - 1);
  while (n && n.startIndex >= start && !(n.startIndex === start && n.endIndex === end)) n = n.parent;
  if (!n || n.startIndex !== start || n.endIndex !== end) return undefined;
  return n.type === 'declaration' || n.type === 'expression_statement' ? n : undefined;
}
