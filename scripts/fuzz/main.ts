// npm run fuzz -- [N] [--seed S] [--hang MS] [--no-save] [--minutes M] [FOLDER...]
// Mutates driver files (the repository's fixtures and examples when no folder
// is given), scenario files and LSP message sequences, and reports crashes,
// hangs (a case over --hang milliseconds, 2000 by default) and invalid
// outputs. --minutes stops drawing cases after that long (a long run on a busy
// machine); the summary then counts the cases that ran. Failing inputs are saved under test/fixtures/fuzz/ (inputs made
// from real drivers stay out of commits: reduce them to a small case first).
// Exit code: 0 when every case passed, 1 otherwise, 2 on a usage error.
import * as path from 'node:path';
import { REPO, runFuzz } from './run';

const USAGE = 'usage: npm run fuzz -- [N] [--seed S] [--hang MS] [--no-save] [--lsp SHARE] [--scenarios SHARE] [--only CASE] [--minutes M] [FOLDER...]';

async function main(argv: string[]): Promise<number> {
  let count = 1000;
  let seed = 1;
  let hang = 2000;
  let save = true;
  let lspShare = 0.02;
  let scenarioShare = 0.1;
  let only: number | undefined;
  let minutes: number | undefined;
  const folders: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (what: string) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${what} needs a number`);
      return v;
    };
    if (a === '--seed') seed = num('--seed');
    else if (a === '--hang') hang = num('--hang');
    else if (a === '--lsp') lspShare = num('--lsp');
    else if (a === '--scenarios') scenarioShare = num('--scenarios');
    else if (a === '--no-save') save = false;
    else if (a === '--only') only = num('--only');
    else if (a === '--minutes') minutes = num('--minutes');
    else if (a === '--help' || a === '-h') throw new Error('');
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else if (i === 0 && /^\d+$/.test(a)) count = Number(a);
    else folders.push(path.resolve(a));
  }
  const t0 = Date.now();
  console.log(`fuzz: ${count} cases, seed ${seed}, hang limit ${hang} ms, ${folders.length ? folders.join(', ') : 'repository fixtures and examples'}`);
  const report = await runFuzz({
    count,
    seed,
    folders,
    hangMillis: hang,
    saveDir: save ? path.join(REPO, 'test/fixtures/fuzz') : undefined,
    lspShare,
    scenarioShare,
    serverJs: path.join(REPO, 'dist/server.js'),
    only,
    deadline: minutes === undefined ? undefined : t0 + minutes * 60_000,
    log: (l) => console.log(l),
  });
  const by = (k: string) => report.failures.filter((f) => f.kind === k).length;
  const ran = report.cases.c + report.cases.scenario + report.cases.lsp;
  if (report.stoppedEarly) console.log(`fuzz: stopped after ${minutes} minutes, ${ran} of ${count} cases run`);
  console.log(
    `fuzz: ${report.cases.c} C cases (${report.cases.cpp} of them read as C++; ${(report.bytes / 1e6).toFixed(1)} MB), ${report.cases.scenario} scenario files, ${report.cases.lsp} LSP sequences in ${((Date.now() - t0) / 1000).toFixed(0)} s: ` +
      `${by('crash')} crashes, ${by('hang')} hangs, ${by('invalid')} invalid outputs; ${report.findings} findings, ${report.skippedFunctions} functions skipped with a note; ` +
      `slowest ${report.slowestMillis} ms (${report.slowest}); at most ${report.maxStepsPerChar.toFixed(1)} analysis steps per input character`,
  );
  return report.failures.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    if (e.message) console.error(`fuzz: ${e.message}`);
    console.error(USAGE);
    process.exitCode = 2;
  },
);
