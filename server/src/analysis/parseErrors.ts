// Where a parse went wrong: the spans of ERROR nodes and of tokens the parser had to make up
// (MISSING), found by descending only into subtrees that hold an error. Reported per file so that
// nothing the parser could not read is dropped silently (`--stats`, the server's log).
import type { Node } from 'web-tree-sitter';
import type { ParseErrorRegion } from './facts';

/** Regions of one tree, in file order, overlapping ones merged. */
export function parseErrorRegions(root: Node, map: (o: number) => number = (o) => o): ParseErrorRegion[] {
  if (!root.hasError) return [];
  const found: ParseErrorRegion[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) {
      found.push({ start: map(n.startIndex), end: map(Math.max(n.endIndex, n.startIndex + 1)) });
      continue;
    }
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c && (c.hasError || c.isMissing)) stack.push(c);
    }
  }
  found.sort((a, b) => a.start - b.start);
  const out: ParseErrorRegion[] = [];
  for (const r of found) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
