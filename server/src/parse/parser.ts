// Loads web-tree-sitter with the C and the C++ grammars once, and parses blanked text.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Parser, Language, type Tree } from 'web-tree-sitter';
import type { Lang } from './language';
import { cpuMillis, keepVerdict, parseBudgetMillis, ParseGaveUp, verdictOn } from './parseBudget';
import type { Pieces } from './pieces';

export { parseBudgetMillis, ParseGaveUp } from './parseBudget';

/** One parser per grammar: C files and C++ files (see language.ts). */
export type Parsers = Readonly<Record<Lang, Parser>>;

let ready: Promise<Parsers> | undefined;

/** The folder holding a wasm file: beside the bundle in dist/, else in node_modules. */
function locate(file: string, pkgPath: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(pkgPath);
}

function loadParsers(): Promise<Parsers> {
  ready ??= (async () => {
    const runtime = locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const make = async (file: string, pkg: string) => {
      const parser = new Parser();
      parser.setLanguage(await Language.load(locate(file, `${pkg}/${file}`)));
      return parser;
    };
    return { c: await make('tree-sitter-c.wasm', 'tree-sitter-c'), cpp: await make('tree-sitter-cpp.wasm', 'tree-sitter-cpp') };
  })();
  return ready;
}

/** The C parser. */
export async function getParser(): Promise<Parser> {
  return (await loadParsers()).c;
}

/** Both parsers. */
export function getParsers(): Promise<Parsers> {
  return loadParsers();
}

/** Characters handed to an incremental parse per read (see parseText). */
const INCREMENTAL_WINDOW = 128;

/**
 * Parses already-blanked text; pass the previous tree (edited) for an incremental parse.
 * Throws ParseGaveUp when the parse goes past its budget (see parseBudgetMillis), or when this text
 * went past it before.
 */
export function parseText(parser: Parser, blanked: string | Pieces, old?: Tree, budgetMillis = parseBudgetMillis(blanked.length)): Tree {
  const before = verdictOn(parser, blanked);
  if (before instanceof ParseGaveUp) throw before;
  const budget = before === 'parsed' ? Infinity : budgetMillis;
  const start = cpuMillis();
  const wallStart = performance.now();
  let stoppedAt: ParseGaveUp | undefined;
  // Text in pieces is read piece by piece (and so is a node's text later, through the tree). An
  // incremental parse reads a little text at many places (where it takes up old subtrees again), and
  // each read copies what it is given, up to 10 KiB, into the wasm memory: given a short window, the
  // parse of a one-character edit in a 13k-line file took 15% less time. A node's text, read later
  // through the same function, is read whole.
  let window = old ? INCREMENTAL_WINDOW : Infinity;
  const input = typeof blanked === 'string' ? blanked : (index: number) => blanked.from(index, window);
  const tree = parser.parse(input, old ?? null, {
    progressCallback: (state) => {
      // The clock first (cheap): processor time is read only once the parse has run that long on it.
      if (performance.now() - wallStart <= budget) return false;
      const used = cpuMillis() - start;
      if (used <= budget) return false;
      stoppedAt = new ParseGaveUp(state.currentOffset, used);
      return true;
    },
  });
  window = Infinity;
  if (stoppedAt) {
    tree?.delete();
    // A stopped parser resumes its parse on the next call unless reset.
    parser.reset();
    keepVerdict(parser, blanked, stoppedAt);
    throw stoppedAt;
  }
  if (!tree) throw new Error('tree-sitter returned no tree');
  if (before === undefined && cpuMillis() - start > budget / 2) keepVerdict(parser, blanked, 'parsed');
  return tree;
}

let loaded: Parsers | undefined;

/** The parser of a language once initParser() has resolved (synchronous users such as macro expansion). */
export function currentParser(lang: Lang = 'c'): Parser | undefined {
  return loaded?.[lang];
}

/** Loads both grammars; resolves to the C parser. */
export async function initParser(): Promise<Parser> {
  loaded = await loadParsers();
  return loaded.c;
}
