// One file's facts read away from any Analyzer (a worker thread of the command line, cli/readWorker.ts):
// parsed under the parse budget, read, the tree freed. What comes back crosses threads as plain data.
import { getParsers, initParser, ParseGaveUp } from '../parse/parser';
import { withFileTree } from '../parse/trees';
import type { Lang } from '../parse/language';
import { extractFacts } from './extract';
import type { FileFacts } from './facts';
import type { Tree } from 'web-tree-sitter';

export type { Lang } from '../parse/language';

export type ReadOutcome =
  | { facts: FileFacts }
  /** tree-sitter gave up (a ParseGaveUp, made again by outcomeFacts on the other side). */
  | { gaveUp: { offset: number; millis: number } }
  | { error: string };

/**
 * A file read from disk, as every reader reads it (Analyzer.setFile, the worker threads): control-flow
 * graphs on demand. `deep`: the spans blanking found nested too deeply (not looked for again).
 */
export function factsOfRead(tree: Tree, uri: string, text: string, lang: Lang, deep: [number, number][]): FileFacts {
  return extractFacts(tree, { uri, text, eagerCfg: false, lang, deep });
}

export async function readFacts(uri: string, text: string, lang: Lang): Promise<ReadOutcome> {
  await initParser();
  const parser = (await getParsers())[lang];
  try {
    return { facts: withFileTree(parser, text, (tree, deep) => factsOfRead(tree, uri, text, lang, deep)) };
  } catch (e) {
    if (e instanceof ParseGaveUp) return { gaveUp: { offset: e.offset, millis: e.millis } };
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The facts, or the error Analyzer.setReadFacts records as the file's note. */
export function outcomeFacts(o: ReadOutcome): FileFacts | Error {
  if ('facts' in o) return o.facts;
  if ('gaveUp' in o) return new ParseGaveUp(o.gaveUp.offset, o.gaveUp.millis);
  return new Error(o.error);
}
