// ndis-offload-lint: the same analysis as the editor, headless.
//   ndis-offload-lint [--format text|json|sarif] [--rule ID=SEVERITY] [--output FILE] PATH...
//   ndis-offload-lint simulate SCENARIO.json
// Exit code: 0 no warnings or errors, 1 findings, 2 usage or read error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Finding } from '../analysis/findings';
import { createAnalyzer } from '../rules/analyzeWithRules';
import { RULE_BY_ID, type SeveritySetting } from '../rules/registry';
import { cFiles, C_FILE, readSource } from '../io/workspaceFiles';
import { toSarif } from './sarif';
import { runSimulateCommand } from './simulate';

const USAGE = `usage: ndis-offload-lint [--format text|json|sarif] [--rule ID=SEVERITY]... [--terminate-wait FUNCTION]... [--output FILE] PATH...
       ndis-offload-lint simulate SCENARIO.json
  SEVERITY is off, hint, info, warning or error.
  --terminate-wait names a function the workspace does not define that waits for the terminates of an upload-all.`;

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json' | 'sarif';
  rules: Record<string, SeveritySetting>;
  output?: string;
  paths: string[];
  terminateWaits: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { format: 'text', rules: {}, paths: [], terminateWaits: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const eq = a.indexOf('=');
      if (a.startsWith(`${name}=`)) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') throw new UsageError('');
    else if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}'`);
      o.format = f;
    } else if (a === '--rule' || a.startsWith('--rule=')) {
      const spec = value('--rule');
      const m = /^([^=]+)=(off|hint|info|warning|error)$/.exec(spec);
      if (!m) throw new UsageError(`--rule takes ID=SEVERITY, got '${spec}'`);
      if (!RULE_BY_ID.has(m[1])) throw new UsageError(`unknown rule '${m[1]}'`);
      o.rules[m[1]] = m[2] as SeveritySetting;
    } else if (a === '--terminate-wait' || a.startsWith('--terminate-wait=')) {
      const name = value('--terminate-wait');
      if (!/^[A-Za-z_]\w*$/.test(name)) throw new UsageError(`--terminate-wait takes a function name, got '${name}'`);
      o.terminateWaits.push(name);
    } else if (a === '--output' || a === '-o' || a.startsWith('--output=')) o.output = value('--output');
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else o.paths.push(a);
  }
  if (o.paths.length === 0) throw new UsageError('no PATH given');
  return o;
}

function formatText(findings: Finding[], cwd: string): string {
  const lines = findings.map((f) => {
    const file = path.relative(cwd, fileURLToPath(f.uri));
    return `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule}: ${f.message}`;
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  lines.push(`${findings.length} finding(s): ${errors} error(s), ${warnings} warning(s), ${findings.length - errors - warnings} other`);
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (argv[0] === 'simulate') return runSimulateCommand(argv.slice(1), out, err);
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) err(`ndis-offload-lint: ${e.message}`);
      err(USAGE);
      return 2;
    }
    throw e;
  }
  const analyzer = await createAnalyzer(o.rules, o.terminateWaits);
  const cwd = process.cwd();
  for (const p of o.paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      err(`ndis-offload-lint: cannot read '${p}': no such file or folder`);
      return 2;
    }
    const files = stat.isDirectory() ? [...cFiles(p)] : [p];
    for (const file of files) {
      if (!stat.isDirectory() && !C_FILE.test(file)) err(`ndis-offload-lint: note: '${file}' does not look like C; analysing it anyway`);
      let src: ReturnType<typeof readSource>;
      try {
        src = readSource(file);
      } catch (e) {
        err(`ndis-offload-lint: cannot read '${file}': ${(e as Error).message}`);
        return 2;
      }
      if (!src) {
        err(`ndis-offload-lint: note: skipped '${file}': binary content`);
        continue;
      }
      if (src.truncated) err(`ndis-offload-lint: note: '${file}' is larger than 8 MiB; only its beginning was analysed`);
      analyzer.setFile(pathToFileURL(path.resolve(file)).toString(), src.text);
    }
  }
  const results = analyzer.analyze();
  for (const n of analyzer.fileNotes()) err(`ndis-offload-lint: note: '${path.relative(cwd, fileURLToPath(n.uri))}' ${n.message}`);
  const findings = [...results.values()].flat().sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line);
  const text =
    o.format === 'json'
      ? JSON.stringify(findings.map((f) => ({ file: fileURLToPath(f.uri), line: f.range.start.line + 1, column: f.range.start.character + 1, severity: f.severity, rule: f.rule, message: f.message, related: f.steps.map((r) => ({ file: fileURLToPath(r.uri), line: r.range.start.line + 1, message: r.message })) })), null, 2) + '\n'
      : o.format === 'sarif'
        ? JSON.stringify(toSarif(findings, cwd), null, 2) + '\n'
        : formatText(findings, cwd);
  if (o.output) {
    try {
      fs.writeFileSync(o.output, text);
    } catch (e) {
      err(`ndis-offload-lint: cannot write '${o.output}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
  } else out(text);
  return findings.some((f) => f.severity === 'error' || f.severity === 'warning') ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2), (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'), (s) => process.stderr.write(s + '\n')).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`ndis-offload-lint: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
