// A letter typed inside one plain statement (`Send(a, bx);`) changes the function's facts, so the
// function is read again as a new one, but its control-flow graph is the old one with the offsets after
// the edit moved: that graph is kept, moved, instead of being built again from the tree (about 3 ms for
// a 1,400-line function, on every letter typed in it). Only when the syntax changed nowhere else (the
// spans read again lie in the statement), the statement is still an expression or a declaration, and it
// neither was nor is one whose graph depends on its text (a `goto`, a possible macro use that jumps).
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
  for (const n of cfg.nodes) {
    if (n.start >= edit.oldEnd || n.end <= edit.start || n.kind === 'join') continue;
    if (n.kind !== 'stmt' || n.use || n.goto || n.macro || !(n.start < edit.start && edit.oldEnd < n.end)) return undefined;
    if (span && (span[0] !== n.start || span[1] !== n.end)) return undefined;
    span = [n.start, n.end];
  }
  if (!span) return undefined;
  const [start, end] = [span[0], span[1] + delta];
  if (changed.some(([a, b]) => a < start || b > end)) return undefined;
  if (!plainStatementAt(tree, start, end)) return undefined;
  return movedCfg(cfg, edit.start, edit.oldEnd, delta);
}

/** The new tree has an expression statement or a declaration at exactly [start, end), and not a possible macro use. */
function plainStatementAt(tree: Tree, start: number, end: number): boolean {
  let n: Node | null = tree.rootNode.descendantForIndex(start, end - 1);
  while (n && n.startIndex >= start && !(n.startIndex === start && n.endIndex === end)) n = n.parent;
  if (!n || n.startIndex !== start || n.endIndex !== end) return false;
  if (n.type === 'declaration') return true;
  return n.type === 'expression_statement' && !macroUse(n);
}
