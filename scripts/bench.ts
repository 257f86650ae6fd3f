// npm run bench: how fast and how big the analysis is. Not a test: it prints figures.
//   per-edit latency (change -> published diagnostics) through the built server over stdio,
//   on a generated 10,000-line driver file and on the largest real driver file given;
//   whole-workspace analysis of a real driver tree beside a bare tree-sitter parse of it;
//   peak memory.
// Usage: node dist/bench.js [REAL_DRIVER_TREE]   (or NDIS_BENCH_TREE=...)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { createAnalyzer } from '../server/src/rules/analyzeWithRules';
import { getParser } from '../server/src/parse/parser';
import { blankAnnotations } from '../server/src/parse/blank';
import { cFiles, readSource } from '../server/src/io/workspaceFiles';

const EDITS = 120;
/** The same V8 flags the VS Code client starts the server with (client/src/extension.ts). */
const SERVER_FLAGS = (process.env.NDIS_SERVER_FLAGS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);

export function generatedDriver(lines: number): { text: string; marker: number } {
  const parts: string[] = ['#include <ndis.h>', 'typedef struct _ADAPTER { NDIS_HANDLE MiniportAdapterHandle; NDIS_LINK_STATE LinkState; ULONG Counter; } ADAPTER, *PADAPTER;', ''];
  let i = 0;
  while (parts.length < lines - 40) {
    parts.push(
      `VOID MpHelper${i}(_In_ PADAPTER Adapter, _In_ ULONG Value)`, '{', '    ULONG Local = Value * 2;',
      '    if (Local > 10) {', `        Adapter->Counter += Local;`, '    } else {', '        Adapter->Counter -= 1;', '    }', '}', '',
      `VOID MpIndicate${i}(_In_ PADAPTER Adapter)`, '{', '    NDIS_STATUS_INDICATION si;', '    NdisZeroMemory(&si, sizeof(si));',
      '    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;', '    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;',
      '    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;', '    si.SourceHandle = Adapter->MiniportAdapterHandle;',
      '    si.StatusCode = NDIS_STATUS_LINK_STATE;', '    si.StatusBuffer = &Adapter->LinkState;', '    si.StatusBufferSize = sizeof(NDIS_LINK_STATE);',
      '    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);', '}', '',
    );
    i++;
  }
  parts.push('VOID MpEdited(_In_ PADAPTER Adapter)', '{', '    NDIS_STATUS_INDICATION si;', '    NdisZeroMemory(&si, sizeof(si));',
    '    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;', '    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;',
    '    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;', '    si.SourceHandle = Adapter->MiniportAdapterHandle;');
  const text = parts.join('\n') + '\n    si.StatusCode = NDIS_STATUS_SUCCESS;\n    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);\n}\n';
  return { text, marker: text.lastIndexOf('NDIS_STATUS_SUCCESS') };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The built server over stdio, with a client connection and a clean stop that reports peak memory. */
function startServer(onDiagnostics: (p: { uri: string; diagnostics: unknown[] }) => void = () => undefined) {
  const child = spawn(process.execPath, [...SERVER_FLAGS, path.join(__dirname, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', onDiagnostics);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const stop = async (): Promise<number> => {
    const rss = peakRss(child.pid!);
    await conn.sendRequest('shutdown');
    const exited = new Promise((r) => child.once('exit', r));
    void conn.sendNotification('exit').catch(() => undefined);
    await exited;
    conn.dispose();
    return rss;
  };
  return { conn, stop };
}

/** Edits one status code back and forth in the server and times each change until its diagnostics arrive. */
async function editLatency(label: string, text: string, marker: number, word: string, workspace?: string): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndis-bench-'));
  const file = path.join(dir, 'driver.c');
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).toString();
  let waiter: ((n: number) => void) | undefined;
  const { conn, stop } = startServer((p) => {
    if (p.uri === uri && waiter) waiter(p.diagnostics.length);
  });
  const folder = workspace ? pathToFileURL(path.resolve(workspace)).toString() : null;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: folder ? [{ uri: folder, name: 'ws' }] : null, capabilities: {} });
  conn.sendNotification('initialized', {});
  // With a workspace, wait until it is analysed: the edits then run against all of it.
  if (workspace) await conn.sendRequest('ndis/analyzeWorkspace');
  const lines = text.slice(0, marker).split('\n');
  const line = lines.length - 1;
  const character = lines[lines.length - 1].length;
  let first = new Promise<number>((r) => (waiter = r));
  const t0 = performance.now();
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });
  await first;
  const openMs = performance.now() - t0;
  const times: number[] = [];
  let current = word;
  for (let i = 0; i < EDITS; i++) {
    const next = current === word ? 'NDIS_STATUS_LINK_STATE' : word;
    const done = new Promise<number>((r) => (waiter = r));
    const s = performance.now();
    conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + current.length } }, text: next }],
    });
    await done;
    times.push(performance.now() - s);
    current = next;
  }
  const rss = await stop();
  console.log(`${label}: ${text.split('\n').length} lines; open ${openMs.toFixed(1)} ms; per edit p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms over ${EDITS} edits; server peak RSS ${rss.toFixed(0)} MB`);
  fs.rmSync(dir, { recursive: true, force: true });
}

async function bareParseMs(texts: string[]): Promise<number> {
  const parser = await getParser();
  const t0 = performance.now();
  for (const t of texts) parser.parse(blankAnnotations(t))?.delete();
  return performance.now() - t0;
}

async function workspace(tree: string): Promise<void> {
  const files = [...cFiles(tree)];
  const sources = files.flatMap((f) => {
    const s = readSource(f);
    return s ? [{ uri: pathToFileURL(f).toString(), text: s.text }] : [];
  });
  const lines = sources.reduce((n, s) => n + s.text.split('\n').length, 0);
  const parseMs = await bareParseMs(sources.map((s) => s.text));
  const t0 = performance.now();
  const a = await createAnalyzer();
  for (const s of sources) a.setFile(s.uri, s.text);
  const findings = [...a.analyze().values()].flat().length;
  const ms = performance.now() - t0;
  const rss = peakRss(process.pid);
  console.log(`workspace ${tree}: ${sources.length} files, ${lines} lines; bare tree-sitter parse ${parseMs.toFixed(0)} ms; full analysis ${ms.toFixed(0)} ms (${(ms / parseMs).toFixed(2)}x the bare parse), ${findings} findings; bench process peak RSS ${rss.toFixed(0)} MB`);
}

/** Peak memory of the real server after it has analysed the whole tree as its workspace. */
async function serverWorkspace(tree: string): Promise<void> {
  const { conn, stop } = startServer();
  const folder = pathToFileURL(path.resolve(tree)).toString();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }], capabilities: { window: { workDoneProgress: true } } });
  const t0 = performance.now();
  const r = (await conn.sendRequest('ndis/analyzeWorkspace')) as { files: number; findings: number };
  const ms = performance.now() - t0;
  const rss = await stop();
  console.log(`server on ${tree}: ${r.files} files analysed in ${ms.toFixed(0)} ms, ${r.findings} findings; server peak RSS ${rss.toFixed(0)} MB`);
}

function largestFile(tree: string): string | undefined {
  let best: string | undefined;
  let size = 0;
  for (const f of cFiles(tree)) {
    const s = fs.statSync(f).size;
    if (s > size && /\.(c|cpp)$/i.test(f)) {
      size = s;
      best = f;
    }
  }
  return best;
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  const g = generatedDriver(10000);
  await editLatency('generated driver', g.text, g.marker, 'NDIS_STATUS_SUCCESS');
  const tree = process.argv[2] ?? process.env.NDIS_BENCH_TREE;
  if (!tree || !fs.existsSync(tree)) {
    console.log('no real driver tree given (node dist/bench.js TREE or NDIS_BENCH_TREE=TREE): real-file and workspace figures skipped');
    return;
  }
  const big = largestFile(tree);
  if (big) {
    const text = readSource(big)?.text ?? '';
    // Edit the first identifier-like status word found, or append a toggling indication at the end.
    const extra = '\nVOID BenchEdited(PVOID h) { NDIS_STATUS_INDICATION si; NdisZeroMemory(&si, sizeof(si)); si.StatusCode = NDIS_STATUS_SUCCESS; NdisMIndicateStatusEx(h, &si); }\n';
    const full = text + extra;
    await editLatency(`largest real file ${path.relative(tree, big)}`, full, full.lastIndexOf('NDIS_STATUS_SUCCESS'), 'NDIS_STATUS_SUCCESS');
  }
  await workspace(tree);
  await serverWorkspace(tree);
  await editLatency(`generated driver edited inside the ${path.basename(tree)} workspace`, g.text, g.marker, 'NDIS_STATUS_SUCCESS', tree);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
