// The command line's files parsed and read in worker threads (cli/readWorker.ts), the facts handed to the
// analyzer on the main thread in the files' order, so the result is the one a single thread gives.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Analyzer } from '../analysis/analyze';
import { outcomeFacts } from '../analysis/readFacts';
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
 * Reads `files` into the analyzer with `jobs` worker threads. `stop()` is asked before each file is handed
 * out (the heap is near its limit); the files not handed out are returned, in order.
 */
export async function readInParallel(analyzer: Analyzer, files: FileToRead[], jobs: number, stop: () => boolean): Promise<FileToRead[]> {
  const langs = analyzer.planLanguages(files);
  const results: (FileFacts | Error | undefined)[] = new Array(files.length);
  const workerFile = path.join(__dirname, 'readWorker.js');
  const workers = Array.from({ length: Math.min(jobs, files.length) }, () => new Worker(workerFile));
  let next = 0;
  let stopped = false;
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const give = () => {
              if (next >= files.length || stopped || (stopped = stop())) return resolve();
              const index = next++;
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
    );
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
