// Loads web-tree-sitter and the C grammar once, and parses blanked text.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { Parser, Language, type Tree } from 'web-tree-sitter';

let ready: Promise<Parser> | undefined;

/** The folder holding a wasm file: beside the bundle in dist/, else in node_modules. */
function locate(file: string, pkgPath: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(pkgPath);
}

export function getParser(): Promise<Parser> {
  ready ??= (async () => {
    const runtime = locate('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(locate('tree-sitter-c.wasm', 'tree-sitter-c/tree-sitter-c.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return ready;
}

/** Parses already-blanked text; pass the previous tree (edited) for an incremental parse. */
export function parseText(parser: Parser, blanked: string, old?: Tree): Tree {
  // Guard against pathological inputs: tree-sitter stops after this many microseconds.
  const tree = parser.parse(blanked, old ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

let loaded: Parser | undefined;

/** The parser once getParser() has resolved (synchronous users such as macro expansion). */
export function currentParser(): Parser | undefined {
  return loaded;
}
export async function initParser(): Promise<Parser> {
  loaded = await getParser();
  return loaded;
}
