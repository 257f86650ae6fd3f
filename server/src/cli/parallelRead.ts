// The command line's files parsed and read in worker threads (cli/readWorker.ts) and on the main thread
// beside them, the facts handed to the analyzer in the files' order, so the result is the one a single
// thread gives. The main thread reads too (between taking in the workers' results): `jobs` threads read
// in all, and on two cores one worker and the main thread do not wait on each other's share of a core.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Analyzer } from '../analysis/analyze';
import { outcomeFacts, readFacts } from '../analysis/readFacts';
import type { FileFacts } from '../analysis/facts';
import type { ReadJob, ReadResult } from './readWorker';

/** Below this many files a thread's start (loading the grammars) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 16;

/** Threads by default: one per core, up to 4 (the main thread still analyses). */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
}

export interface FileToRead {
  uri: string;
  text: string;
}

/**
 * Reads `files` into the analyzer with `jobs` threads: jobs - 1 workers and the main thread. `stop()` is
 * asked before each file is handed out (the heap is near its limit); the files not handed out are
 * returned, in order.
 */
export async function readInParallel(analyzer: Analyzer, files: FileToRead[], jobs: number, stop: () => boolean): Promise<FileToRead[]> {
  const langs = analyzer.planLanguages(files);
  const results: (FileFacts | Error | undefined)[] = new Array(files.length);
  const workerFile = path.join(__dirname, 'readWorker.js');
  const workers = Array.from({ length: Math.max(1, Math.min(jobs - 1, files.length)) }, () => new Worker(workerFile));
  let next = 0;
  let stopped = false;
  const take = (): number | undefined => {
    if (next >= files.length || stopped || (stopped = stop())) return undefined;
    return next++;
  };
  // The main thread's share: one file at a time, the event loop let through between them (the workers'
  // results come in and they get their next files meanwhile).
  const onMain = async () => {
    for (let index = take(); index !== undefined; index = take()) {
      results[index] = outcomeFacts(await readFacts(files[index].uri, files[index].text, langs[index]));
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    await Promise.all([
      onMain(),
      ...workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const give = () => {
              const index = take();
              if (index === undefined) return resolve();
              const job: ReadJob = { index, uri: files[index].uri, text: files[index].text, lang: langs[index] };
              w.postMessage(job);
            };
            w.on('message', (r: ReadResult) => {
              results[r.index] = outcomeFacts(r.outcome);
              give();
            });
            // A thread that dies (a defect of ours) stops taking files; what it held is read on the main thread.
            w.on('error', () => resolve());
            give();
          }),
      ),
    ]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const unread: FileToRead[] = [];
  files.forEach((f, i) => {
    const r = results[i];
    if (r !== undefined) analyzer.setReadFacts(f.uri, f.text, langs[i], r);
    else if (i < next) analyzer.setFile(f.uri, f.text); // handed to a thread that died
    else unread.push(f);
  });
  return unread;
}
