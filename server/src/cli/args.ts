// The command line's options and its help text.
import { RULE_BY_ID, type SeveritySetting } from '../rules/registry';
import { DEFAULT_SKIP_FOLDERS } from '../io/workspaceFiles';
import { SIMULATE_OPTIONS } from './simulate';
import { TOOL_NAME } from '../shared/product';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface Options {
  format: Format;
  rules: Record<string, SeveritySetting>;
  /** Functions the workspace does not define that wait for the terminates of an upload-all. */
  terminateWaits: string[];
  output?: string;
  /** Warnings allowed before the exit code is 1; undefined: none allowed. */
  maxWarnings?: number;
  showHints: boolean;
  /** Print what was understood: files, functions analysed and left out (with why), parse-error regions. */
  stats: boolean;
  absolutePaths: boolean;
  skipFolders: string[];
  followExternalLinks: boolean;
  /** Threads that parse and read files (1: the main thread alone); undefined: as many as the cores, up to 4. */
  jobs?: number;
  paths: string[];
}

export type Parsed = { kind: 'run'; options: Options } | { kind: 'help' } | { kind: 'version' };

export class UsageError extends Error {}

export const HELP = `usage: ${TOOL_NAME} [options] PATH...
       ${TOOL_NAME} simulate SCENARIO.offload-scenario.json [simulate options]

Checks the C and C++ files of each PATH (folders recursively, all PATHs as one workspace)
against the NDIS status indication and TCP chimney offload rules.

options:
  --format FORMAT           text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)
  --rule ID=SEVERITY        a rule's severity: off, hint, info, warning or error (repeatable)
  --terminate-wait FUNCTION a function the workspace does not define that waits for the terminates
                            of an upload-all (repeatable)
  --output FILE, -o FILE    write the report to FILE instead of standard output
  --max-warnings N          exit 0 with up to N warnings (errors always give exit 1)
  --show-hints              list hints in text and github output too (json and sarif always carry them)
  --stats                   print on stderr what was understood: per file, the functions analysed and
                            those left out (with why), and the regions the parser could not read
  --absolute-paths          absolute file paths instead of paths relative to the current folder
  --skip-folders NAMES      comma-separated folder names not to enter, replacing the default list
                            ${DEFAULT_SKIP_FOLDERS.join(',')}
                            (--skip-folders= enters every folder)
  --follow-external-links   follow links that lead out of the folder being scanned
  --jobs N, -j N            threads that parse the files, the main thread among them (default: one per core, up to 4)
  --version, -V             print the version
  --help, -h                print this help

simulate options:
${SIMULATE_OPTIONS}

exit codes: 0 no error, and no warning beyond --max-warnings; 1 findings; 2 a usage error,
or none of the PATHs could be read (a path that cannot be read is named and the rest is analysed)`;

export const SHORT_USAGE = `usage: ${TOOL_NAME} [options] PATH...   (${TOOL_NAME} --help lists the options)`;

export function parseArgs(argv: string[]): Parsed {
  const o: Options = { format: 'text', rules: {}, terminateWaits: [], showHints: false, stats: false, absolutePaths: false, skipFolders: [...DEFAULT_SKIP_FOLDERS], followExternalLinks: false, paths: [] };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (onlyPaths || !a.startsWith('-') || a === '-') {
      o.paths.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      if (eq > 0 && a.startsWith('--')) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const flag = (): void => {
      if (eq > 0 && a.startsWith('--')) throw new UsageError(`${name} takes no value`);
    };
    switch (name) {
      case '--':
        onlyPaths = true;
        break;
      case '--help':
      case '-h':
        return { kind: 'help' };
      case '--version':
      case '-V':
        return { kind: 'version' };
      case '--format': {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format '${f}' (one of ${FORMATS.join(', ')})`);
        o.format = f as Format;
        break;
      }
      case '--rule': {
        const spec = value();
        const m = /^([^=]+)=(off|hint|info|warning|error)$/.exec(spec);
        if (!m) throw new UsageError(`--rule takes ID=SEVERITY, got '${spec}'`);
        if (!RULE_BY_ID.has(m[1])) throw new UsageError(`unknown rule '${m[1]}'`);
        o.rules[m[1]] = m[2] as SeveritySetting;
        break;
      }
      case '--terminate-wait': {
        const fn = value();
        if (!/^[A-Za-z_]\w*$/.test(fn)) throw new UsageError(`--terminate-wait takes a function name, got '${fn}'`);
        o.terminateWaits.push(fn);
        break;
      }
      case '--output':
      case '-o':
        o.output = value();
        break;
      case '--max-warnings': {
        const v = value();
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--max-warnings needs a whole number, got '${v}'`);
        o.maxWarnings = Number(v);
        break;
      }
      case '--show-hints':
        flag();
        o.showHints = true;
        break;
      case '--stats':
        flag();
        o.stats = true;
        break;
      case '--absolute-paths':
        flag();
        o.absolutePaths = true;
        break;
      case '--skip-folders':
        o.skipFolders = value().split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case '--jobs':
      case '-j': {
        const v = value();
        if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 64) throw new UsageError(`--jobs needs a whole number from 1 to 64, got '${v}'`);
        o.jobs = Number(v);
        break;
      }
      case '--follow-external-links':
        flag();
        o.followExternalLinks = true;
        break;
      default:
        throw new UsageError(`unknown option '${a}'`);
    }
  }
  if (o.paths.length === 0) throw new UsageError('no PATH given');
  return { kind: 'run', options: o };
}
