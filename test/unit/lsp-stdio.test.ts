// The built language server (dist/server.js --stdio) driven by a real JSON-RPC
// client over the child's stdin/stdout: initialize, open/change documents,
// diagnostics, code actions, hover, configuration, the custom workspace
// request, shutdown/exit, and robustness against bad input.
// Every wait is a promise resolved by a message from the server; the only
// time limit is the test's own timeout (a safety net, never a sleep).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { prng } from '../helpers/random';
import type {
  CodeAction, Diagnostic, Hover, InitializeParams, InitializeResult, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

const ROOT = resolve(__dirname, '../../..');
const SERVER = join(ROOT, 'dist', 'server.js');
const FIXTURE = join(ROOT, 'test/fixtures/rules/indication-status-code/fail-success-assigned.c');
const TIMEOUT = 180_000;

// ---------------------------------------------------------------------------
// A minimal LSP client over the child's stdio.

interface Waiter {
  uri: string;
  resolve: (d: Diagnostic[]) => void;
  reject: (e: Error) => void;
}

class LspClient {
  readonly conn: MessageConnection;
  /** The diagnostics last published per URI. */
  readonly latest = new Map<string, Diagnostic[]>();
  /** Every publish, in order (uri and number of diagnostics). */
  readonly log: { uri: string; count: number }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  stderr = '';
  progressCreated = 0;
  private waiters: Waiter[] = [];

  constructor(readonly child: ChildProcess) {
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (s: string) => (this.stderr += s));
    this.exited = new Promise((res) => {
      child.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        const why = new Error(`server exited (code ${code}, signal ${signal}) while a test waited for diagnostics\nstderr:\n${this.stderr}`);
        for (const w of this.waiters.splice(0)) w.reject(why);
        res({ code, signal });
      });
    });
    this.conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p.diagnostics);
      this.log.push({ uri: p.uri, count: p.diagnostics.length });
      const hit = this.waiters.filter((w) => w.uri === p.uri);
      this.waiters = this.waiters.filter((w) => w.uri !== p.uri);
      for (const w of hit) w.resolve(p.diagnostics);
    });
    // Requests a client must answer.
    this.conn.onRequest('window/workDoneProgress/create', () => {
      this.progressCreated++;
      return null;
    });
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.conn.onNotification('$/progress', () => undefined);
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('ndis/analysisStatus', () => undefined);
    // A closed stream after exit is expected; anything else shows up in assertions.
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  static start(): LspClient {
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run npm run build first`);
    const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    return new LspClient(child);
  }

  /** The next publishDiagnostics for `uri`; register before sending what triggers it. */
  nextDiagnostics(uri: string): Promise<Diagnostic[]> {
    if (this.exitInfo) return Promise.reject(new Error(`server already exited: ${JSON.stringify(this.exitInfo)}\n${this.stderr}`));
    return new Promise((resolve, reject) => this.waiters.push({ uri, resolve, reject }));
  }

  async initialize(folder: string): Promise<InitializeResult> {
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: pathToFileURL(folder).toString(),
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'driver' }],
      capabilities: {
        workspace: { configuration: false, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          synchronization: { dynamicRegistration: false },
        },
      },
    };
    return this.conn.sendRequest('initialize', params);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  analyzeWorkspace(): Promise<{ files: number; findings: number; millis: number }> {
    return this.conn.sendRequest('ndis/analyzeWorkspace');
  }

  async shutdown(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    await this.conn.sendRequest('shutdown');
    await this.conn.sendNotification('exit');
    const r = await this.exited;
    this.conn.dispose();
    return r;
  }

  kill(): void {
    if (!this.exitInfo) this.child.kill();
    this.conn.dispose();
  }
}

// ---------------------------------------------------------------------------
// Text helpers.

function rangeOf(text: string, needle: string, from = 0): Range {
  const offset = text.indexOf(needle, from);
  assert.ok(offset >= 0, `'${needle}' not in the document`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

function lineOf(text: string, needle: string, from = 0): number {
  return rangeOf(text, needle, from).start.line;
}

const codes = (d: Diagnostic[]) => d.map((x) => String(x.code));

/** A second function whose Flags = 1 gives an indication/flags finding with a quick fix. */
const FLAGS_FUNCTION = `
VOID
MpIndicateOffloadResume(
    _In_ PADAPTER Adapter
    )
{
    NDIS_STATUS_INDICATION si;

    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = Adapter->MiniportAdapterHandle;
    si.StatusCode = NDIS_STATUS_OFFLOAD_RESUME;
    si.Flags = 1;   // "urgent"

    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si); // flags call
}
`;

// ---------------------------------------------------------------------------

test('stdio server: diagnostics, incremental edits, code actions, hover, configuration, analyzeWorkspace, shutdown', { timeout: TIMEOUT }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'ndis-lsp-'));
  const fixture = readFileSync(FIXTURE, 'utf8');
  // On disk (found by the workspace scan): the failing fixture as it is.
  const driverPath = join(folder, 'driver.c');
  writeFileSync(driverPath, fixture);
  const driverUri = pathToFileURL(driverPath).toString();
  // Open in the editor only (not on disk): the fixture plus a Flags = 1 function.
  const openUri = pathToFileURL(join(folder, 'status.c')).toString();
  const text = fixture + FLAGS_FUNCTION;

  const client = LspClient.start();
  t.after(() => {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  // initialize / initialized: the scan of the folder publishes driver.c.
  const init = await client.initialize(folder);
  assert.equal(init.serverInfo?.name, 'ndis-offload');
  assert.equal(init.capabilities.textDocumentSync, 2 /* Incremental */);
  assert.ok(init.capabilities.hoverProvider);
  assert.ok(init.capabilities.codeActionProvider);
  const scanned = client.nextDiagnostics(driverUri);
  await client.conn.sendNotification('initialized', {});
  const onDisk = await scanned;
  assert.deepEqual(codes(onDisk).filter((c) => c !== 'chimney/deprecated'), ['indication/status-code']);

  // didOpen: the status-code finding on the NdisMIndicateStatusEx line.
  const opened = client.nextDiagnostics(openUri);
  await client.open(openUri, text);
  const first = await opened;
  const status = first.filter((d) => d.code === 'indication/status-code');
  assert.equal(status.length, 1, JSON.stringify(first, null, 1));
  const d = status[0];
  assert.equal(d.range.start.line, lineOf(text, 'NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si); // expect'));
  assert.equal(d.source, 'NDIS Offload');
  assert.equal(d.severity, 1 /* Error */);
  assert.match(d.message, /NDIS_STATUS_SUCCESS/);
  assert.ok(d.codeDescription, 'codeDescription is set');
  // The rendered page on the web, read-only; the page it renders ships with the extension too.
  const repo = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url.replace(/\.git$/, '');
  assert.equal(d.codeDescription.href, `${repo}/blob/main/docs/rules/indication-status-code.md`);
  assert.ok(existsSync(join(ROOT, 'docs', 'rules', 'indication-status-code.md')));
  assert.ok(d.relatedInformation && d.relatedInformation.length > 0, 'relatedInformation is empty');
  const setHere = d.relatedInformation.find((r) => r.location.range.start.line === lineOf(text, 'si.StatusCode = NDIS_STATUS_SUCCESS'));
  assert.ok(setHere, `no related location on the StatusCode store: ${JSON.stringify(d.relatedInformation)}`);
  assert.equal(setHere.location.uri, openUri);
  assert.equal((d.data as { rule?: string } | undefined)?.rule, 'indication/status-code');
  const flags = first.find((x) => x.code === 'indication/flags');
  assert.ok(flags, `no indication/flags finding: ${codes(first)}`);
  assert.equal(flags.range.start.line, lineOf(text, '// flags call'));

  // didChange: an incremental range edit replacing the status code.
  const edit = rangeOf(text, 'NDIS_STATUS_SUCCESS');
  const edited = text.replace('NDIS_STATUS_SUCCESS', 'NDIS_STATUS_OFFLOAD_PAUSE');
  const changed = client.nextDiagnostics(openUri);
  await client.change(openUri, 2, [{ range: edit, rangeLength: 'NDIS_STATUS_SUCCESS'.length, text: 'NDIS_STATUS_OFFLOAD_PAUSE' }]);
  const second = await changed;
  assert.ok(!codes(second).includes('indication/status-code'), `status-code still reported after the edit: ${JSON.stringify(second, null, 1)}`);
  const flagsAfter = second.find((x) => x.code === 'indication/flags');
  assert.ok(flagsAfter, 'the flags finding must survive an unrelated edit');
  assert.equal(flagsAfter.range.start.line, lineOf(edited, '// flags call'));

  // codeAction for the finding that carries a fix.
  const actions: CodeAction[] = await client.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri: openUri },
    range: flagsAfter.range,
    context: { diagnostics: [flagsAfter], only: ['quickfix'] },
  });
  const fix = actions.find((a) => a.title === 'Set Flags to 0');
  assert.ok(fix, `no 'Set Flags to 0' action: ${actions.map((a) => a.title)}`);
  assert.equal(fix.kind, 'quickfix');
  const textEdits = fix.edit?.changes?.[openUri];
  assert.ok(textEdits && textEdits.length === 1, JSON.stringify(fix.edit));
  const one = rangeOf(edited, '1;   // "urgent"');
  const want = { range: { start: one.start, end: { line: one.start.line, character: one.start.character + 1 } }, newText: '0' };
  const te = textEdits[0];
  assert.deepEqual(
    { range: { start: { line: te.range.start.line, character: te.range.start.character }, end: { line: te.range.end.line, character: te.range.end.character } }, newText: te.newText },
    want,
  );
  // A TextEdit's positions are LSP Positions: { line, character } and nothing else.
  await t.test('quick-fix TextEdit is a plain LSP TextEdit', () => {
    assert.deepEqual(te, want);
  });
  const suppress = actions.find((a) => a.title === 'Suppress indication/flags on this line');
  assert.ok(suppress, 'no suppression action');

  // hover on a status code: markdown about that code, over the word's range.
  const resumeAt = rangeOf(edited, 'NDIS_STATUS_OFFLOAD_RESUME');
  const hoverAt = { line: resumeAt.start.line, character: resumeAt.start.character + 5 };
  const h: Hover | null = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: openUri }, position: hoverAt });
  assert.ok(h, 'no hover on NDIS_STATUS_OFFLOAD_RESUME');
  assert.equal((h.contents as { kind?: string }).kind, 'markdown');
  assert.match((h.contents as { value: string }).value, /NDIS_STATUS_OFFLOAD_RESUME/);
  assert.deepEqual(h.range, resumeAt);
  // ... and nothing on plain C.
  const plain = rangeOf(edited, 'NdisZeroMemory');
  const none: Hover | null = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: openUri }, position: { line: plain.start.line, character: plain.start.character + 4 } });
  assert.equal(none, null);

  // workspace/didChangeConfiguration (pull configuration is off): the rule goes off.
  assert.ok(codes(client.latest.get(driverUri) ?? []).includes('indication/status-code'));
  const reconfigured = client.nextDiagnostics(driverUri);
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { ndisOffload: { rules: { 'indication/status-code': 'off' } } } });
  const off = await reconfigured;
  assert.ok(!codes(off).includes('indication/status-code'), `status-code still reported with the rule off: ${codes(off)}`);

  // ndis/analyzeWorkspace: counts. The scan reads driver.c from disk (status.c is open, not on disk).
  const counts = await client.analyzeWorkspace();
  assert.equal(counts.files, 1);
  assert.ok(Number.isInteger(counts.findings) && counts.findings >= 0);
  assert.ok(typeof counts.millis === 'number' && counts.millis >= 0);
  let published = 0;
  // Counted as the Problems panel lists them: hints (severity 4) are not listed there.
  for (const list of client.latest.values()) published += list.filter((d) => d.severity !== 4).length;
  assert.equal(counts.findings, published, 'findings counted by analyzeWorkspace differ from those published');
  assert.ok(!codes(client.latest.get(driverUri) ?? []).includes('indication/status-code'), 'analyzeWorkspace brought the rule back');
  assert.ok(client.progressCreated >= 1, 'the workspace analysis reports progress');

  // didClose of a document that is not on disk: it leaves the workspace, its diagnostics are cleared.
  assert.ok((client.latest.get(openUri) ?? []).length > 0);
  const closed = client.nextDiagnostics(openUri);
  await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: openUri } });
  assert.deepEqual(await closed, []);

  // shutdown / exit: the process ends with code 0.
  const exit = await client.shutdown();
  assert.deepEqual(exit, { code: 0, signal: null }, client.stderr);
});

// ---------------------------------------------------------------------------
// Bad input: each document yields a publishDiagnostics, the server keeps answering.


function binaryish(): string {
  const rnd = prng(7);
  let s = '';
  for (let i = 0; i < 64 * 1024; i++) {
    const r = rnd();
    // Mostly control and high bytes, with NULs, some C punctuation and odd Unicode.
    s += r < 0.05 ? '\u0000' : r < 0.1 ? '{' : r < 0.15 ? '"' : r < 0.2 ? '\n' : r < 0.22 ? '\ufffd' : r < 0.23 ? '\u{1F600}' : String.fromCharCode(Math.floor(rnd() * 256));
  }
  return s;
}

function fiveMegabytes(): string {
  const parts = ['#include <ndis.h>\n\ntypedef struct _ADAPTER { NDIS_HANDLE MiniportAdapterHandle; ULONG Count; } ADAPTER, *PADAPTER;\n\n'];
  let size = parts[0].length;
  for (let i = 0; size < 5 * 1024 * 1024; i++) {
    const f =
      `_Use_decl_annotations_\nVOID\nMpWork${i}(\n    _In_ PADAPTER Adapter,\n    _In_opt_ PVOID Context\n    )\n{\n` +
      `    NDIS_STATUS_INDICATION si;\n    NdisZeroMemory(&si, sizeof(si));\n    si.StatusCode = NDIS_STATUS_LINK_STATE;\n` +
      `    if (Adapter->Count > ${i}) { Adapter->Count--; }\n    UNREFERENCED_PARAMETER(Context);\n}\n\n`;
    parts.push(f);
    size += f.length;
  }
  // One real finding at the very end, so the whole file is analysed.
  parts.push(readFileSync(FIXTURE, 'utf8').replace(/^#include <ndis.h>\n/, '').replace('typedef struct _ADAPTER {\n    NDIS_HANDLE MiniportAdapterHandle;\n} ADAPTER, *PADAPTER;\n', ''));
  return parts.join('');
}

const UNBALANCED = `#include <ndis.h>

VOID
MpBroken(
    _In_ PADAPTER Adapter
    )
{
    NDIS_STATUS_INDICATION si;
    if (Adapter->Paused) {
        si.StatusCode = NDIS_STATUS_SUCCESS;
        NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);
        {{{ (( [[
    }
}}}}
)))
VOID MpNext( { NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);
`;

const ALL_MACROS = `#pragma once
#ifndef _MP_MACROS_H_
#define _MP_MACROS_H_
#define MP_TAG 'pMdN'
#define MP_INDICATE(_A, _Code) \\
    do { \\
        NDIS_STATUS_INDICATION _si; \\
        NdisZeroMemory(&_si, sizeof(_si)); \\
        _si.StatusCode = (_Code); \\
        NdisMIndicateStatusEx((_A)->MiniportAdapterHandle, &_si); \\
    } while (0)
#define MP_PAUSE(_A) MP_INDICATE(_A, NDIS_STATUS_OFFLOAD_PAUSE)
#define MP_RESUME(_A) MP_INDICATE(_A, NDIS_STATUS_SUCCESS)
#define MP_SELF(x) MP_SELF(x)
#define MP_LOOP_A MP_LOOP_B
#define MP_LOOP_B MP_LOOP_A
#if defined(MP_TAG) && (MP_TAG > 0)
#  define MP_ASSERT(x) NT_ASSERT(x)
#elif 0
#  define MP_ASSERT(x)
#else
#  error no tag
#endif
#ifdef __cplusplus
#define MP_EXTERN extern "C"
#endif
#define MP_STR(x) #x
#define MP_CAT(a, b) a ## b
#undef MP_LOOP_A
#endif // _MP_MACROS_H_
`;

test('stdio server survives bad input and keeps answering', { timeout: TIMEOUT }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'ndis-lsp-bad-'));
  const client = LspClient.start();
  t.after(() => {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  });
  await client.initialize(folder);
  await client.conn.sendNotification('initialized', {});
  // Empty folder: the scan finds nothing; make sure it has finished before opening documents.
  assert.equal((await client.analyzeWorkspace()).files, 0);

  const cases: { name: string; file: string; text: string }[] = [
    { name: 'binary-ish document', file: 'blob.c', text: binaryish() },
    { name: '5 MB generated C file', file: 'huge.c', text: fiveMegabytes() },
    { name: 'unbalanced braces', file: 'unbalanced.c', text: UNBALANCED },
    { name: 'a file that is all macros', file: 'macros.h', text: ALL_MACROS },
  ];
  let version = 1;
  for (const c of cases) {
    await t.test(c.name, async () => {
      const uri = pathToFileURL(join(folder, c.file)).toString();
      const published = client.nextDiagnostics(uri);
      await client.open(uri, c.text, version++);
      const diags = await published;
      assert.ok(Array.isArray(diags));
      for (const d of diags) {
        assert.ok(d.range.start.line >= 0 && d.range.end.line >= d.range.start.line, JSON.stringify(d.range));
        assert.equal(d.source, 'NDIS Offload');
      }
      if (c.file === 'huge.c') assert.ok(codes(diags).includes('indication/status-code'), `the finding at the end of the 5 MB file is missing: ${codes(diags)}`);
      // Still answering: a request and a round of edits on the same document.
      const h = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      assert.ok(h === null || typeof h === 'object');
      const again = client.nextDiagnostics(uri);
      await client.change(uri, version++, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#include <ndis.h>\nVOID F(VOID) { NDIS_STATUS_INDICATION si; si.StatusCode = NDIS_STATUS_SUCCESS; NdisMIndicateStatusEx(h, &si); }\n' }]);
      const next = await again;
      assert.ok(Array.isArray(next));
      assert.equal(client.exitInfo, undefined, client.stderr);
    });
  }
  const counts = await client.analyzeWorkspace();
  assert.equal(counts.files, 0);
  assert.ok(counts.findings >= 0);
  const exit = await client.shutdown();
  assert.deepEqual(exit, { code: 0, signal: null }, client.stderr);
});

// Issue 15, protocol edges: a client that sends `initialized` or opens a document before the
// initialize answer, malformed custom requests, requests after shutdown, a huge open document.
test('stdio server: out-of-order initialized, malformed custom requests, a huge document, requests after shutdown', { timeout: TIMEOUT }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'ndis-lsp-edges-'));
  const c = LspClient.start();
  try {
    const uri = pathToFileURL(join(folder, 'early.c')).toString();
    const text = readFileSync(FIXTURE, 'utf8');
    const first = c.nextDiagnostics(uri);
    // Sent together, without waiting: initialize, initialized and a didOpen before the answer arrives.
    const init = c.initialize(folder);
    await c.conn.sendNotification('initialized', {});
    await c.open(uri, text);
    await init;
    assert.deepEqual(codes(await first), ['indication/status-code'], 'a document opened before the initialize answer is analysed');

    // Custom requests with null or malformed parameters answer with an LSP error, and the server stays up.
    for (const [method, params] of [['ndis/simulator/step', null], ['ndis/simulator/reset', { sessionId: 3 }], ['ndis/simulator/replay', { events: [{ event: { kind: 'fly' }, uri: 'u', line: 0 }] }]] as const) {
      await assert.rejects(c.conn.sendRequest(method, params), (e: { code?: number; message?: string }) => e.code === -32602 && /malformed/.test(e.message ?? ''), method);
    }
    const list = await c.conn.sendRequest<{ scenarios: unknown[] }>('ndis/simulator/listScenarios', null);
    assert.ok(list.scenarios.length > 0);

    // An open document over the size cap is not analysed, and the user is told.
    const hugeUri = pathToFileURL(join(folder, 'huge.c')).toString();
    const told = new Promise<string>((res) => c.conn.onRequest('window/showMessageRequest', (p: { message: string }) => (res(p.message), null)));
    await c.open(hugeUri, `${text}\n/*${'x'.repeat(8 * 1024 * 1024)}*/\n`);
    assert.match(await told, /huge\.c is larger than 8 MiB; it is not analysed/);

    await c.conn.sendRequest('shutdown');
    await assert.rejects(c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), (e: { code?: number }) => e.code === -32600);
    await assert.rejects(c.analyzeWorkspace(), (e: { code?: number }) => e.code === -32600);
    await c.conn.sendNotification('exit');
    const r = await c.exited;
    assert.equal(r.code, 0, c.stderr);
  } finally {
    c.kill();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('stdio server: completion of status codes after StatusCode =, with each code\'s buffer', { timeout: TIMEOUT }, async (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'ndis-lsp-complete-'));
  const client = LspClient.start();
  t.after(() => {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  });
  const init = await client.initialize(folder);
  assert.ok(init.capabilities.completionProvider, 'the server offers completion');
  await client.conn.sendNotification('initialized', {});
  await client.analyzeWorkspace();

  const uri = pathToFileURL(join(folder, 'link.c')).toString();
  const text = [
    '#include <ndis.h>',
    'VOID MpIndicate(NDIS_HANDLE h)',
    '{',
    '    NDIS_STATUS_INDICATION si;',
    '    si.StatusCode = NDIS_STATUS_LI',
    '    si.StatusCode = ',
    '    if (si.StatusCode == NDIS_STATUS_LI) { }',
    '    NdisMIndicateStatusEx(h, &si);',
    '}',
    '',
  ].join('\n');
  const published = client.nextDiagnostics(uri);
  await client.open(uri, text);
  await published;
  type Item = { label: string; detail?: string; tags?: number[]; documentation?: { value: string }; textEdit?: { range: Range; newText: string } };
  const complete = async (line: number, character: number): Promise<Item[]> => {
    const r: Item[] | { items: Item[] } | null = await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    return Array.isArray(r) ? r : (r?.items ?? []);
  };

  // After a prefix: only the codes that start with it, replacing the prefix.
  const prefixLine = text.split('\n')[4];
  const typed = await complete(4, prefixLine.length);
  assert.ok(typed.length > 0 && typed.every((i) => i.label.startsWith('NDIS_STATUS_LI')), typed.map((i) => i.label).join(' '));
  const link = typed.find((i) => i.label === 'NDIS_STATUS_LINK_STATE');
  assert.ok(link, 'NDIS_STATUS_LINK_STATE offered');
  assert.equal(link.detail, 'StatusBuffer: NDIS_LINK_STATE');
  assert.match(link.documentation?.value ?? '', /NDIS_LINK_STATE_REVISION_1/);
  assert.deepEqual(link.textEdit?.range, { start: { line: 4, character: prefixLine.indexOf('NDIS_STATUS_LI') }, end: { line: 4, character: prefixLine.length } });
  const speed = typed.find((i) => i.label === 'NDIS_STATUS_LINK_SPEED_CHANGE');
  assert.ok(speed?.tags?.includes(1 /* Deprecated */), 'the NDIS 5 code is marked deprecated');

  // Right after `StatusCode = `: every documented code, each with its buffer.
  const all = await complete(5, text.split('\n')[5].length);
  assert.ok(all.length >= 152, `${all.length} codes offered`);
  assert.equal(all.find((i) => i.label === 'NDIS_STATUS_PORT_STATE')?.detail, 'StatusBuffer: NDIS_PORT_STATE');
  assert.equal(all.find((i) => i.label === 'NDIS_STATUS_ISOLATION_PARAMETERS_CHANGE')?.detail, 'no StatusBuffer (NULL, 0)');
  assert.ok(all.every((i) => i.detail), 'every code shows its buffer');

  // Not after a comparison, and not elsewhere.
  assert.deepEqual(await complete(6, text.split('\n')[6].indexOf(')')), []);
  assert.deepEqual(await complete(3, 10), []);
  const exit = await client.shutdown();
  assert.deepEqual(exit, { code: 0, signal: null }, client.stderr);
});
