// Control flow hidden in macros (`#define MP_EXIT goto exit`, `#define BAIL_IF_FAILED(s) if (!NT_SUCCESS(s)) goto Exit`):
// a statement that uses such a macro is expanded (macroExpand.ts), the expansion is parsed on its own and its
// graph (cfg.ts buildFragment) is spliced in after the statement's node, its `goto`s joined to the function's
// labels and its `return`, `break`, `continue` and `__leave` to where they go from the use. The spliced
// nodes are placed at the use and marked with the macro and its expansion: they hold none of the file's
// code (calls and writes stay in the statement's own node), and the path steps through them say what the
// use expands to. The graph of the file is not changed; the spliced one is kept while the macros it read are.
import type { Node } from 'web-tree-sitter';
import type { Cfg, CfgFragment, CfgNode, MacroUse } from './cfg';
import type { MacroFacts } from './facts';
import type { Reads, WorkspaceIndex } from './workspace';
import { buildFragment } from './cfg';
import { expand } from './macroExpand';
import { noteLimit } from './macros';
import { withParsedText } from '../parse/trees';
import { charge } from './budget';

/** A keyword that moves control elsewhere: an expansion without one changes no path. */
const JUMP = /\b(?:goto|return|break|continue|__leave)\b/;

/** One use's expansion, with the macros it read (it is rebuilt when any of them changes). */
interface Entry {
  deps: [string, MacroFacts | undefined][];
  text: string;
  macro: string;
  fragment: CfgFragment | null;
}

const entries = new WeakMap<WorkspaceIndex, Map<string, Entry>>();
/**
 * The spliced graph of each graph, with the expansions it used; `anchor` is the first node's offset when it
 * was made (an edit before the function shifts the graph in place, extract.ts) and `generation` the
 * workspace's (within one generation no macro changes, so the graph is given back without a look).
 */
const spliced = new WeakMap<Cfg, { ws: WorkspaceIndex; generation: number; anchor: number; used: (Entry | undefined)[]; result: Cfg; reads: Reads }>();

function useText(u: MacroUse): string {
  return u.args ? `${u.name}(${u.args.join(', ')})` : u.name;
}

/** The expansion of one use, rebuilt when a macro it read changed. */
function entryFor(ws: WorkspaceIndex, u: MacroUse): Entry | undefined {
  let byText = entries.get(ws);
  if (!byText) entries.set(ws, (byText = new Map()));
  const key = useText(u);
  const hit = byText.get(key);
  if (hit && hit.deps.every(([n, m]) => ws.macro(n) === m)) return hit;
  const deps = new Map<string, MacroFacts | undefined>();
  const r = expand(key, {
    lookup: (name) => {
      const m = ws.macro(name);
      deps.set(name, m);
      return m;
    },
  });
  const m = ws.macro(u.name)!;
  let fragment: CfgFragment | null = null;
  if (r.limit) noteLimit(ws, m, r.limit);
  else if (JUMP.test(r.text)) fragment = parseFragment(r.text, u);
  const e: Entry = { deps: [...deps], text: r.text, macro: u.name, fragment };
  byText.set(key, e);
  return e;
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
  ws.upToDate(); // the generation this cache is for (its lookups are recorded by each entry)
  const anchor = cfg.nodes[0]?.start ?? 0;
  const hit = spliced.get(cfg);
  const same = hit && hit.ws === ws && hit.anchor === anchor;
  if (same && hit.generation === ws.generation) {
    ws.passOn(hit.reads); // a result kept across edits on top of this graph depends on these macros too
    return hit.result;
  }
  const at: number[] = [];
  const used: (Entry | undefined)[] = [];
  charge(cfg.nodes.length);
  const { reads } = ws.track(() =>
    cfg.nodes.forEach((n, i) => {
      if (!n.use || !ws.macro(n.use.name)) return;
      at.push(i);
      used.push(entryFor(ws, n.use));
    }),
  );
  ws.passOn(reads);
  const unchanged = same && hit.used.length === used.length && hit.used.every((e, k) => e === used[k]);
  const result = unchanged ? hit.result : used.some((e) => e?.fragment) ? splice(cfg, at, used) : cfg;
  spliced.set(cfg, { ws, generation: ws.generation, anchor, used, result, reads });
  return result;
}

function splice(cfg: Cfg, at: number[], used: (Entry | undefined)[]): Cfg {
  const nodes: CfgNode[] = cfg.nodes.map((n) => ({ ...n, succ: n.succ.slice() }));
  at.forEach((i, k) => {
    const e = used[k];
    const f = e?.fragment;
    const u = cfg.nodes[i].use;
    if (!e || !f || !u) return;
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
