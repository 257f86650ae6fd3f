// The statement an edit was typed in, when it is a plain one: an expression statement, a return, a
// break or a continue, holding no declaration, block, lambda or syntax error, with the edit strictly
// inside it (a letter typed into `break` makes it an expression statement, whose facts are the same). Asked of the
// tree before an edit (parse/document.ts) and of the tree after it (analysis/statementReread.ts): when
// both trees hold the same plain statement there and the syntax changed nowhere else, the analysis
// reads only that statement again instead of the whole function.
import type { Node } from 'web-tree-sitter';

export interface PlainStatement {
  start: number;
  end: number;
  type: string;
}

const KINDS = new Set(['expression_statement', 'return_statement', 'break_statement', 'continue_statement']);

/** Nodes that make a statement more than plain: they declare names, hold statements or lambdas, or are broken. */
const NOT_PLAIN = new Set(['declaration', 'compound_statement', 'lambda_expression', 'statement_expression', 'ERROR']);

/** The plain statement of `root`'s tree that holds [start, end) strictly inside, or undefined. */
export function plainStatementAround(root: Node, start: number, end: number): PlainStatement | undefined {
  let n: Node | null = root.descendantForIndex(start, Math.max(start, end));
  while (n && !KINDS.has(n.type)) n = n.parent;
  if (!n || n.hasError || !(n.startIndex < start && end < n.endIndex)) return undefined;
  const cursor = n.walk();
  try {
    // Every node of the statement once, with a cursor (no node objects but the one looked at).
    for (;;) {
      if (NOT_PLAIN.has(cursor.nodeType) || cursor.nodeIsMissing) return undefined;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.nodeId === n.id) return { start: n.startIndex, end: n.endIndex, type: n.type };
      }
    }
  } finally {
    cursor.delete();
  }
}
