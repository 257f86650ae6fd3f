// A worker thread of the command line: parses files and reads their facts (parse/, analysis/extract.ts),
// one at a time as the main thread hands them out (cli/parallelRead.ts), and sends the facts back. The
// tree never leaves the thread; the analysis itself runs on the main thread.
import { parentPort } from 'node:worker_threads';
import { blankAnnotations } from '../parse/blank';
import { getParsers, initParser, parseText, ParseGaveUp } from '../parse/parser';
import { extractFacts } from '../analysis/extract';
import type { FileFacts } from '../analysis/facts';
import type { Lang } from '../parse/language';

export interface ReadJob {
  index: number;
  uri: string;
  text: string;
  lang: Lang;
}

export type ReadResult =
  | { index: number; facts: FileFacts }
  /** tree-sitter gave up (ParseGaveUp, made again on the main thread), or reading failed. */
  | { index: number; gaveUp: { offset: number; millis: number } }
  | { index: number; error: string };

async function read(job: ReadJob): Promise<ReadResult> {
  await initParser();
  const parser = (await getParsers())[job.lang];
  try {
    const tree = parseText(parser, blankAnnotations(job.text));
    try {
      return { index: job.index, facts: extractFacts(tree, { uri: job.uri, text: job.text, eagerCfg: false, lang: job.lang }) };
    } finally {
      tree.delete();
    }
  } catch (e) {
    if (e instanceof ParseGaveUp) return { index: job.index, gaveUp: { offset: e.offset, millis: e.millis } };
    return { index: job.index, error: e instanceof Error ? e.message : String(e) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: ReadJob) => void read(job).then((r) => port.postMessage(r)));
}
