// ndis-offload-lint: the same analysis as the editor, headless (`--help` lists the options).
// Exit code: 0 no error and no warning beyond --max-warnings, 1 findings, 2 a usage error or no PATH readable.
// Messages about a place in a file start with that place (file:line:); every other message starts
// with `ndis-offload-lint:`.
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAnalyzer } from '../rules/analyzeWithRules';
import { HELP, parseArgs, SHORT_USAGE, UsageError, type Options } from './args';
import { countBy, formatGithub, formatJson, formatText, pathShower } from './formats';
import { formatStats } from './stats';
import { describeProblem, readInputs } from './inputs';
import { toSarif } from './sarif';
import { runSimulateCommand } from './simulate';
import { PRODUCT_VERSION, TOOL_NAME } from '../shared/product';

/**
 * Runs the command line. `out` receives the report as printed; `err` one message per call, without its
 * line end. Everything is relative to `cwd`.
 */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, cwd = process.cwd()): Promise<number> {
  if (argv[0] === 'simulate') return runSimulateCommand(argv.slice(1), out, err);
  let o: Options;
  try {
    const parsed = parseArgs(argv);
    if (parsed.kind === 'help') {
      out(HELP + '\n');
      return 0;
    }
    if (parsed.kind === 'version') {
      out(`${TOOL_NAME} ${PRODUCT_VERSION}\n`);
      return 0;
    }
    o = parsed.options;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`${TOOL_NAME}: ${e.message}`);
    err(SHORT_USAGE);
    return 2;
  }

  const start = new Date();
  const analyzer = await createAnalyzer(o.rules, o.terminateWaits);
  const show = pathShower(cwd, o.absolutePaths);
  const inputs = await readInputs(analyzer, o.paths.map((p) => pathShower(cwd, true)(p)), o);
  const results = analyzer.analyze();
  // files the analysis could not finish (a note per file from the analyzer) were analysed in part
  const printed = inputs.problems.length;
  let constructs = 0;
  for (const n of analyzer.fileNotes()) {
    inputs.problems.push({ path: fileURLToPath(n.uri), kind: 'partial', reason: n.message });
    // Functions left out for a construct the analysis does not read (C++ templates) are expected and
    // many: counted here, each listed by --stats (and in SARIF).
    if (n.reason === 'unsupported') constructs += o.stats ? 0 : 1;
    else err(describeProblem(inputs.problems[inputs.problems.length - 1], show(fileURLToPath(n.uri))));
  }
  for (const q of inputs.problems.slice(0, printed)) err(describeProblem(q, show(q.path)));
  if (constructs) err(`${TOOL_NAME}: note: ${constructs} function(s) not analysed for a construct the analysis does not read (C++ templates, operators); --stats lists them`);
  if (o.stats) for (const line of formatStats(analyzer.coverage(), show)) err(line);

  const findings = [...results.values()].flat().sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const errors = countBy(findings, 'error');
  const warnings = countBy(findings, 'warning');
  let code = errors > 0 || warnings > (o.maxWarnings ?? 0) ? 1 : 0;
  if (!inputs.anyPathRead) {
    err(`${TOOL_NAME}: none of the paths given could be read`);
    code = 2;
  } else if (inputs.stopped) {
    const s = inputs.stopped;
    err(
      `${TOOL_NAME}: stopped reading after ${inputs.files} file(s), ${s.unread} left unread: the JavaScript heap held ${s.usedMiB} MiB of its ${s.limitMiB} MiB limit. ` +
        `The findings reported are those of the files read. Raise the limit with NODE_OPTIONS=--max-old-space-size=<MiB> (for example ${Math.max(8192, 2 * s.limitMiB)}), or analyse fewer folders at a time.`,
    );
    code = 2;
  } else if (o.maxWarnings !== undefined && warnings > o.maxWarnings) {
    err(`${TOOL_NAME}: ${warnings} warning(s), more than --max-warnings ${o.maxWarnings} allows`);
  }

  let text: string;
  if (o.format === 'sarif') text = JSON.stringify(toSarif(findings, cwd, { absolutePaths: o.absolutePaths, exitCode: code, start, end: new Date(), problems: inputs.problems }), null, 2) + '\n';
  else if (code === 2 && !inputs.stopped) text = ''; // nothing was analysed: no report but SARIF's, whose invocation says why
  else if (o.format === 'json') text = formatJson(findings, show);
  else if (o.format === 'github') text = formatGithub(findings, show, o.showHints);
  else text = formatText(findings, show, o.showHints);

  if (o.output) {
    try {
      fs.writeFileSync(o.output, text);
    } catch (e) {
      err(`${TOOL_NAME}: cannot write '${o.output}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  } else if (text) out(text);
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2), (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'), (s) => process.stderr.write(s + '\n')).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`${TOOL_NAME}: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
