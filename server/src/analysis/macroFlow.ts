// Control flow hidden in macros (`#define MP_EXIT goto exit`, `#define BAIL_IF_FAILED(s) if (!NT_SUCCESS(s)) goto Exit`):
// a statement that uses such a macro is expanded (macroExpand.ts), the expansion is parsed on its own and its
// graph (cfg.ts buildFragment) is spliced in after the statement's node, its `goto`s joined to the function's
// labels and its `return`, `break`, `continue` and `__leave` to where they go from the use. The spliced
// nodes are placed at the use and marked with the macro and its expansion: they hold none of the file's
// code (calls and writes stay in the statement's own node), and the path steps through them say what the
// use expands to. The graph of the file is not changed; the spliced one is kept while the macros it read are
// (WorkspaceIndex.keep).
import type { Node } from 'web-tree-sitter';
import type { Cfg, CfgFragment, CfgNode, MacroUse } from './cfg';
import type { Kept, WorkspaceIndex } from './workspace';
import { buildFragment } from './cfg';
import { expand } from './macroExpand';
import { noteLimit } from './macros';
import { withParsedText } from '../parse/trees';
import { charge } from './budget';

/** A keyword that moves control elsewhere: an expansion without one changes no path. */
const JUMP = /\b(?:goto|return|break|continue|__leave)\b/;

/** One use's expansion. */
interface Entry {
  text: string;
  macro: string;
  fragment: CfgFragment | null;
}

/** Each use's expansion, kept with the macros it read (WorkspaceIndex.keep): rebuilt when one of them changes. */
const entries = new WeakMap<WorkspaceIndex, Map<string, Kept<Entry>>>();
/**
 * The spliced graph of each graph, kept with the macros its expansions read; `anchor` is the first node's
 * offset when it was made (an edit before the function shifts the graph in place, extract.ts, while the
 * spliced nodes hold copied offsets, so a graph that moved is spliced again).
 */
const spliced = new WeakMap<Cfg, { ws: WorkspaceIndex; anchor: number; kept: Kept<Cfg> }>();

function useText(u: MacroUse): string {
  return u.args ? `${u.name}(${u.args.join(', ')})` : u.name;
}

/** The expansion of one use. */
function entryFor(ws: WorkspaceIndex, u: MacroUse): Entry {
  let byText = entries.get(ws);
  if (!byText) entries.set(ws, (byText = new Map()));
  const key = useText(u);
  const kept = ws.keep(byText.get(key), () => {
    const r = expand(key, { lookup: (name) => ws.macro(name) });
    let fragment: CfgFragment | null = null;
    if (r.limit) noteLimit(ws, ws.macro(u.name)!, r.limit);
    else if (JUMP.test(r.text)) fragment = parseFragment(r.text, u);
    return { text: r.text, macro: u.name, fragment };
  });
  byText.set(key, kept);
  return kept.value;
}

/** The expansion's statements as a graph of their own. */
function parseFragment(text: string, u: MacroUse): CfgFragment | null {
  const source = `void __expansion(void) {\n${text};\n}`;
  return (
    withParsedText(source, (tree) => {
      let body: Node | null = null;
      for (const c of tree.rootNode.namedChildren) if (c?.type === 'function_definition') body = c.childForFieldName('body');
      if (!body || body.hasError) return null;
      return buildFragment(body, { breaks: u.breakTo !== undefined, continues: u.continueTo !== undefined, leaves: u.leaveTo !== undefined });
    }) ?? null
  );
}

/** The function's graph with the expansions of its control-flow macros spliced in (the same graph when it has none). */
export function withMacroFlow(ws: WorkspaceIndex, cfg: Cfg): Cfg {
  const anchor = cfg.nodes[0]?.start ?? 0;
  const hit = spliced.get(cfg);
  const kept = ws.keep(hit && hit.ws === ws && hit.anchor === anchor ? hit.kept : undefined, () => {
    const at: number[] = [];
    const used: Entry[] = [];
    charge(cfg.nodes.length);
    cfg.nodes.forEach((n, i) => {
      if (!n.use || !ws.macro(n.use.name)) return;
      at.push(i);
      used.push(entryFor(ws, n.use));
    });
    return used.some((e) => e.fragment) ? splice(cfg, at, used) : cfg;
  });
  spliced.set(cfg, { ws, anchor, kept });
  return kept.value;
}

function splice(cfg: Cfg, at: number[], used: Entry[]): Cfg {
  const nodes: CfgNode[] = cfg.nodes.map((n) => ({ ...n, succ: n.succ.slice() }));
  at.forEach((i, k) => {
    const e = used[k];
    const f = e?.fragment;
    const u = cfg.nodes[i].use;
    if (!f || !u) return;
    const base = nodes.length;
    const host = nodes[i];
    charge(f.nodes.length);
    const macro = { name: e.macro, text: e.text };
    for (const n of f.nodes) {
      nodes.push({ kind: n.kind, start: host.start, end: host.end, macro, succ: n.succ.map((s) => ({ ...s, to: s.to + base, ...(s.at !== undefined ? { at: host.start } : {}) })) });
    }
    // The statement's node runs first (its calls and the arguments), then the expansion, then what followed.
    const after = host.succ;
    host.succ = [{ to: base + f.entry }];
    for (const o of f.outs) nodes[base + o].succ.push(...after);
    const jump = (ph: number | undefined, to: number | undefined) => {
      if (ph !== undefined && to !== undefined) nodes[base + ph].succ.push({ to });
    };
    jump(f.returns, u.returnTo ?? cfg.exit);
    jump(f.breaks, u.breakTo);
    jump(f.continues, u.continueTo);
    jump(f.leaves, u.leaveTo);
    for (const [label, froms] of f.gotos) {
      // A label the function does not have: the jump leaves the function, as an unresolved goto does in cfg.ts.
      const to = cfg.labels?.get(label) ?? cfg.exit;
      for (const g of froms) nodes[base + g].succ.push({ to });
    }
  });
  return { ...cfg, nodes };
}
