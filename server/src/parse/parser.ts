// Loads web-tree-sitter with the C and the C++ grammars once, and parses blanked text.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Parser, Language, type Tree } from 'web-tree-sitter';
import type { Lang } from './language';

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

/** Parses already-blanked text; pass the previous tree (edited) for an incremental parse. */
export function parseText(parser: Parser, blanked: string, old?: Tree): Tree {
  const tree = parser.parse(blanked, old ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
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
