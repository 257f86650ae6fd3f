// A worker thread of the command line: reads files' facts (analysis/readFacts.ts) one at a time as the
// main thread hands them out (cli/parallelRead.ts) and sends them back. The tree never leaves the thread;
// the analysis itself runs on the main thread.
import { parentPort } from 'node:worker_threads';
import { readFacts, type Lang, type ReadOutcome } from '../analysis/readFacts';

export interface ReadJob {
  index: number;
  uri: string;
  text: string;
  lang: Lang;
}

export type ReadResult = { index: number; outcome: ReadOutcome };

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: ReadJob) => void readFacts(job.uri, job.text, job.lang).then((outcome) => port.postMessage({ index: job.index, outcome } satisfies ReadResult)));
}
