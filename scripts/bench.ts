// npm run bench -- [FOLDER...] [--edit FILE]... [--samples N] [--runs N] [--no-cli] [--no-edits]: how fast and how big the
// analysis is. Not a test: it prints figures (the README's come from it).
//   - the machine it runs on;
//   - per-edit latency, from a change to its diagnostics published (the analysis status that follows them), through the built server started
//     exactly as the VS Code client starts it (node IPC, no V8 flags: client/src/extension.ts), with the
//     FOLDERs as its workspace (scanned first). Real single-character edits typed into a real file of
//     the workspace (default: its largest C/C++ file; --edit FILE for others): a space typed after a
//     `;` and deleted again, a line break typed there and deleted again (every later line moves), and
//     a letter typed at the end of the last name before the `;` and deleted again (`Send(a, bx);`: the
//     function's facts change, so it is read again and what depends on it is worked out again).
//     After a warm-up, at least 200 samples of each kind; the server's memory after all the edits;
//   - the whole-workspace command line, run --runs times (default 5), beside a bare tree-sitter parse
//     of the same files in a process of its own, run as many times: median and spread of wall time,
//     CPU time (user + system) and peak RSS.
// Without a FOLDER: the bundled sample (examples/) plus a generated workspace.
import { fork, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { getParsers } from '../server/src/parse/parser';
import { blankAnnotations } from '../server/src/parse/blank';
import { kindOfPath } from '../server/src/parse/language';
import { cFiles, readSource } from '../server/src/io/workspaceFiles';

/** The server's start as vscode-languageclient makes it for TransportKind.ipc with no options: fork, --node-ipc, no execArgv. */
const SERVER_EXEC_ARGV: string[] = [];

export function generatedDriver(lines: number, tag = ''): { text: string; marker: number } {
  const parts: string[] = ['#include <ndis.h>', `typedef struct _ADAPTER${tag} { NDIS_HANDLE MiniportAdapterHandle; NDIS_LINK_STATE LinkState; ULONG Counter; } ADAPTER${tag}, *PADAPTER${tag};`, ''];
  let i = 0;
  while (parts.length < lines - 40) {
    parts.push(
      `VOID MpHelper${tag}${i}(_In_ PADAPTER${tag} Adapter, _In_ ULONG Value)`, '{', '    ULONG Local = Value * 2;',
      '    if (Local > 10) {', `        Adapter->Counter += Local;`, '    } else {', '        Adapter->Counter -= 1;', '    }', '}', '',
      `VOID MpIndicate${tag}${i}(_In_ PADAPTER${tag} Adapter)`, '{', '    NDIS_STATUS_INDICATION si;', '    NdisZeroMemory(&si, sizeof(si));',
      '    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;', '    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;',
      '    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;', '    si.SourceHandle = Adapter->MiniportAdapterHandle;',
      '    si.StatusCode = NDIS_STATUS_LINK_STATE;', '    si.StatusBuffer = &Adapter->LinkState;', '    si.StatusBufferSize = sizeof(NDIS_LINK_STATE);',
      '    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);', '}', '',
    );
    i++;
  }
  parts.push(`VOID MpEdited${tag}(_In_ PADAPTER${tag} Adapter)`, '{', '    NDIS_STATUS_INDICATION si;', '    NdisZeroMemory(&si, sizeof(si));',
    '    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;', '    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;',
    '    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;', '    si.SourceHandle = Adapter->MiniportAdapterHandle;');
  const text = parts.join('\n') + '\n    si.StatusCode = NDIS_STATUS_SUCCESS;\n    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);\n}\n';
  return { text, marker: text.lastIndexOf('NDIS_STATUS_SUCCESS') };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** User + system CPU seconds a process has used (from /proc, in clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function procStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The built server as the client starts it, with a connection and a clean stop. `onAnalysed`: each
 * analysis done and published (its status notification follows the diagnostics it changed; diagnostics
 * that did not change are not sent again, so they cannot be what the bench waits for).
 */
function startServer(onAnalysed: () => void) {
  const child = fork(path.join(__dirname, 'server.js'), ['--node-ipc', `--clientProcessId=${process.pid}`], { execArgv: SERVER_EXEC_ARGV, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  conn.onNotification('ndis/analysisStatus', (p: { state?: string }) => {
    if (p.state === 'idle') onAnalysed();
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  conn.listen();
  const stop = async (): Promise<void> => {
    await conn.sendRequest('shutdown');
    const exited = new Promise((r) => child.once('exit', r));
    void conn.sendNotification('exit').catch(() => undefined);
    await exited;
    conn.dispose();
  };
  return { conn, stop, pid: child.pid! };
}

/** Offsets just after a `;` that ends a line (LF or CRLF), spread over the file (where a user types next). */
function editPoints(text: string, count: number): number[] {
  const all: number[] = [];
  for (const m of text.matchAll(/;(?=\r?\n)/g)) all.push(m.index! + 1);
  if (all.length === 0) all.push(text.length);
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(all[Math.floor(((k + 0.5) * all.length) / count)]);
  return out;
}

/** Where a letter typed extends the last name before the `;` at `semi + 1` (just after the name), or undefined. */
function nameEnd(text: string, afterSemi: number): number | undefined {
  let i = afterSemi - 1; // the `;`
  while (i > 0 && /[\s)\]]/.test(text[i - 1])) i--;
  return i > 0 && /\w/.test(text[i - 1]) ? i : undefined;
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let last = -1;
  // (The files edited end lines with LF or CRLF; a CR is a column of its line until its LF.)
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, character: offset - last - 1 };
}

interface EditFigures {
  file: string;
  lines: number;
  scanMs: number;
  openMs: number;
  inLine: number[];
  shifting: number[];
  /** A letter typed at the end of a name: the facts of the function change. */
  names: number[];
  edits: number;
  rssMb: number;
  peakMb: number;
  /** The server's CPU time over the measured edits, per edit (whatever the machine's load, unlike wall time). */
  cpuMsPerEdit: number;
}

/** Types into `file` inside the server with `folders` as its workspace. */
async function editLatency(folders: string[], file: string, samples: number): Promise<EditFigures> {
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  let waiter: (() => void) | undefined;
  const { conn, stop, pid } = startServer(() => waiter?.());
  const ws = folders.map((f, i) => ({ uri: pathToFileURL(path.resolve(f)).toString(), name: `ws${i}` }));
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: ws[0]?.uri ?? null, workspaceFolders: ws, capabilities: { window: { workDoneProgress: true } } });
  void conn.sendNotification('initialized', {});
  const t0 = performance.now();
  await conn.sendRequest('ndis/analyzeWorkspace');
  const scanMs = performance.now() - t0;
  let current = text;
  let version = 1;
  const published = () => new Promise<void>((r) => (waiter = r));
  let done = published();
  const t1 = performance.now();
  void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: /\.(c|h)$/i.test(file) ? 'c' : 'cpp', version, text } });
  await done;
  const openMs = performance.now() - t1;
  /** One change: `insert` typed at `at`, or `remove` characters at `at` deleted; the time until its diagnostics. */
  const edit = async (at: number, insert: string | undefined, remove = 1): Promise<number> => {
    const start = positionOf(current, at);
    const end = insert === undefined ? positionOf(current, at + remove) : start;
    current = insert === undefined ? current.slice(0, at) + current.slice(at + remove) : current.slice(0, at) + insert + current.slice(at);
    done = published();
    const s = performance.now();
    void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start, end }, text: insert ?? '' }] });
    await done;
    return performance.now() - s;
  };
  const points = editPoints(text, 50);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const inLine: number[] = [];
  const shifting: number[] = [];
  const names: number[] = [];
  const namePoints = points.map((p) => nameEnd(text, p)).filter((p): p is number => p !== undefined);
  let cpu0 = 0;
  // Warm-up: the JIT and the caches, not measured.
  for (let k = 0; k < 20; k++) {
    await edit(points[k % points.length], ' ');
    await edit(points[k % points.length], undefined);
  }
  cpu0 = cpuSeconds(pid);
  for (let k = 0; inLine.length < samples || shifting.length < samples || (namePoints.length > 0 && names.length < samples); k++) {
    // Inserting and deleting the same character leaves the text as it was: every point stays valid.
    const kind = k % 3;
    if (kind === 2 && namePoints.length === 0) continue;
    const at = kind === 2 ? namePoints[Math.floor(k / 3) % namePoints.length] : points[k % points.length];
    const into = kind === 0 ? inLine : kind === 1 ? shifting : names;
    // Enter types the file's own line ending.
    const ch = kind === 0 ? ' ' : kind === 1 ? eol : 'x';
    into.push(await edit(at, ch));
    into.push(await edit(at, undefined, ch.length));
  }
  const cpuMsPerEdit = ((cpuSeconds(pid) - cpu0) * 1000) / (inLine.length + shifting.length + names.length);
  const rssMb = procStatus(pid, 'VmRSS');
  const peakMb = procStatus(pid, 'VmHWM');
  await stop();
  return { file, lines: text.split('\n').length, scanMs, openMs, inLine, shifting, names, edits: version - 1, rssMb, peakMb, cpuMsPerEdit };
}

/** Bare parse: every file of the folders read, blanked and parsed with its grammar, the tree freed. Run as a process of its own. */
async function bareParse(folders: string[]): Promise<void> {
  const parsers = await getParsers();
  for (const f of folders)
    for (const file of cFiles(f)) {
      const s = readSource(file);
      if (!s) continue;
      parsers[kindOfPath(file) === 'cpp' ? 'cpp' : 'c'].parse(blankAnnotations(s.text))?.delete();
    }
}

interface Run {
  wallS: number;
  cpuS: number;
  peakMb: number;
}

/** One process under /usr/bin/time: wall, user + system CPU, peak RSS. */
function timed(args: string[]): Run {
  const out = path.join(os.tmpdir(), `ndis-bench-time-${process.pid}`);
  const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S %M', process.execPath, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  const [wall, user, sys, kb] = fs.readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(out, { force: true });
  return { wallS: wall, cpuS: user + sys, peakMb: kb / 1024 };
}

function spread(xs: number[], digits = 2): string {
  return `median ${pct(xs, 50).toFixed(digits)} (min ${Math.min(...xs).toFixed(digits)}, max ${Math.max(...xs).toFixed(digits)})`;
}

function countLines(folders: string[]): { files: number; lines: number } {
  let files = 0;
  let lines = 0;
  for (const f of folders)
    for (const file of cFiles(f)) {
      const s = readSource(file);
      if (!s) continue;
      files++;
      for (let i = s.text.indexOf('\n'); i >= 0; i = s.text.indexOf('\n', i + 1)) lines++;
    }
  return { files, lines };
}

function largestFile(folders: string[]): string | undefined {
  let best: string | undefined;
  let size = 0;
  for (const f of folders)
    for (const file of cFiles(f)) {
      const s = fs.statSync(file).size;
      if (s > size && /\.(c|cpp|cc|cxx)$/i.test(file)) {
        size = s;
        best = file;
      }
    }
  return best;
}

/** A workspace of generated drivers beside the bundled sample, when no folder is given. */
function generatedWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndis-bench-ws-'));
  for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(dir, `driver${i}.c`), generatedDriver(i === 0 ? 13000 : 5000, `_${i}`).text);
  return dir;
}

function parseArgs(argv: string[]): { folders: string[]; edits: string[]; samples: number; runs: number; cli: boolean; typing: boolean } {
  const folders: string[] = [];
  const edits: string[] = [];
  let samples = 200;
  let runs = 5;
  let cli = true;
  let typing = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--edit') edits.push(argv[++i]);
    else if (a === '--samples') samples = Math.max(200, Number(argv[++i]));
    else if (a === '--runs') runs = Math.max(5, Number(argv[++i]));
    else if (a === '--no-cli') cli = false;
    else if (a === '--no-edits') typing = false;
    else folders.push(a);
  }
  return { folders, edits, samples, runs, cli, typing };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--bare-parse') return bareParse(process.argv.slice(3));
  const args = parseArgs(process.argv.slice(2));
  let folders = args.folders;
  let generated: string | undefined;
  if (folders.length === 0) {
    generated = generatedWorkspace();
    folders = [path.join(__dirname, '..', 'examples'), generated];
  }
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} x ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const size = countLines(folders);
  console.log(`workspace: ${folders.join(' ')}: ${size.files} files, ${size.lines} lines`);
  const editFiles = !args.typing ? [] : args.edits.length ? args.edits : [largestFile(folders)].filter((f): f is string => !!f);
  for (const file of editFiles) {
    const r = await editLatency(folders, file, args.samples);
    const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} samples)`;
    console.log(`server, edits in ${r.file} (${r.lines} lines): workspace scan ${(r.scanMs / 1000).toFixed(1)} s, open ${r.openMs.toFixed(0)} ms`);
    console.log(`  single character, same line:     ${fmt(r.inLine)}`);
    console.log(`  line break (later lines move):   ${fmt(r.shifting)}`);
    if (r.names.length) console.log(`  letter at the end of a name:     ${fmt(r.names)}`);
    console.log(`  all edits:                       ${fmt([...r.inLine, ...r.shifting, ...r.names])}; server CPU ${r.cpuMsPerEdit.toFixed(1)} ms per edit (mean)`);
    console.log(`  server RSS after ${r.edits} edits ${r.rssMb.toFixed(0)} MB, peak ${r.peakMb.toFixed(0)} MB`);
  }
  if (!args.cli) return;
  const cli = path.join(__dirname, 'cli.js');
  const runsCli: Run[] = [];
  const runsBare: Run[] = [];
  for (let i = 0; i < args.runs; i++) {
    // Interleaved, so that a change in the machine's load hits both alike.
    runsBare.push(timed([__filename, '--bare-parse', ...folders]));
    runsCli.push(timed([cli, '--format', 'json', '-o', os.devNull, ...folders]));
  }
  const show = (label: string, rs: Run[]) =>
    console.log(`${label}: wall ${spread(rs.map((r) => r.wallS))} s; CPU ${spread(rs.map((r) => r.cpuS))} s; peak RSS ${spread(rs.map((r) => r.peakMb), 0)} MB`);
  show(`bare tree-sitter parse, ${args.runs} runs`, runsBare);
  show(`command line, ${args.runs} runs`, runsCli);
  const ratio = (f: (r: Run) => number) => pct(runsCli.map(f), 50) / pct(runsBare.map(f), 50);
  const mib = pct(runsCli.map((r) => r.peakMb), 50) / (size.lines / 1e6);
  console.log(`command line / bare parse (medians): wall ${ratio((r) => r.wallS).toFixed(2)}x, CPU ${ratio((r) => r.cpuS).toFixed(2)}x; peak RSS ${mib.toFixed(0)} MiB per million lines`);
  if (generated) fs.rmSync(generated, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
