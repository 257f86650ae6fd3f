// LSP message sequences for the fuzz harness: the built server (dist/server.js
// --stdio) gets opens, changes, closes and requests in random order, with
// mutated driver text, out-of-range edits, odd parameters, initialize and
// initialized out of order, and requests after shutdown. A sequence fails when
// the server exits on its own (a crash), leaves a request unanswered (a hang) or
// answers a request after shutdown with a result (LSP requires an error).
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Rng } from './random';
import { mutate } from './mutate';

export interface LspStep {
  type: 'request' | 'notification';
  method: string;
  params?: unknown;
}

export interface LspOutcome {
  crash?: string;
  hang?: string;
  problems: string[];
}

const SIM = ['ndis/simulator/open', 'ndis/simulator/step', 'ndis/simulator/stepBack', 'ndis/simulator/reset', 'ndis/simulator/loadScenario', 'ndis/simulator/listScenarios', 'ndis/simulator/replay', 'ndis/simulator/exportTrace', 'ndis/simulator/close'];

function oddParams(rnd: Rng): unknown {
  return rnd.pick<() => unknown>([
    () => null,
    () => undefined,
    () => ({}),
    () => [],
    () => 'x',
    () => ({ sessionId: 'nope' }),
    () => ({ scenarioId: rnd.pick(['builtin:failover-802.3ad', 'builtin:nope', 'file:///nope.offload-scenario.json']), position: rnd.pick([0, 3, -1, 1e9]) }),
    () => ({ files: [{ uri: 'file:///w/a.offload-scenario.json', text: '{"version":1,"name":"x","events":[{"kind":"pause"}]}' }] }),
    () => ({ uri: 'file:///w/a.offload-scenario.json', text: rnd.pick(['{', '{"version":1,"name":"x","events":[{"toString":1,"kind":"pause"}]}', 'null']) }),
  ])();
}

/** A random sequence of messages over a few documents. */
export function lspSequence(rnd: Rng, corpus: () => string, folder: string): LspStep[] {
  const steps: LspStep[] = [];
  const folderUri = pathToFileURL(folder).toString();
  const init: LspStep = {
    type: 'request',
    method: 'initialize',
    params: {
      processId: null,
      rootUri: folderUri,
      workspaceFolders: rnd.chance(0.8) ? [{ uri: folderUri, name: 'w' }] : null,
      capabilities: rnd.chance(0.5) ? {} : { workspace: { configuration: false, codeLens: { refreshSupport: true } }, window: { workDoneProgress: false } },
      initializationOptions: rnd.chance(0.3) ? { settings: rnd.pick([null, {}, { exclude: ['**/x/**'] }, { rules: { 'indication/header': 'off' } }, 'x']) } : undefined,
    },
  };
  const order = rnd.int(10);
  if (order === 0) steps.push({ type: 'notification', method: 'initialized', params: {} }, init);
  else if (order === 1) steps.push({ type: 'request', method: 'textDocument/hover', params: { textDocument: { uri: `${folderUri}/a.c` }, position: { line: 0, character: 0 } } }, init, { type: 'notification', method: 'initialized', params: {} });
  else if (order === 2) steps.push(init, init, { type: 'notification', method: 'initialized', params: {} });
  else steps.push(init, { type: 'notification', method: 'initialized', params: {} });

  const docs = ['a.c', 'b.h', 'c.cpp'].map((n) => `${folderUri}/${n}`);
  const versions = new Map<string, number>();
  const actions = 5 + rnd.int(30);
  let shutdownAt = rnd.chance(0.3) ? rnd.int(actions) : -1;
  for (let i = 0; i < actions; i++) {
    if (i === shutdownAt) {
      steps.push({ type: 'request', method: 'shutdown' });
      shutdownAt = -2;
    }
    const uri = rnd.pick(docs);
    const v = (versions.get(uri) ?? 0) + (rnd.chance(0.1) ? -1 : 1);
    versions.set(uri, v);
    const text = () => (rnd.chance(0.5) ? mutate(corpus(), rnd, corpus, 300_000).text : corpus());
    const pos = () => ({ line: rnd.pick([0, 1, 5, 40, 1e6, -1]), character: rnd.pick([0, 3, 80, 1e6, -1]) });
    switch (rnd.int(12)) {
      case 0:
      case 1:
        steps.push({ type: 'notification', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: rnd.pick(['c', 'cpp']), version: v, text: text() } } });
        break;
      case 2:
      case 3:
        steps.push({
          type: 'notification',
          method: 'textDocument/didChange',
          params: {
            textDocument: { uri, version: v },
            contentChanges: rnd.chance(0.3) ? [{ text: text() }] : Array.from({ length: 1 + rnd.int(3) }, () => ({ range: { start: pos(), end: pos() }, text: rnd.chance(0.5) ? rnd.pick(['{', '}', 'while (a) ', '\r', '\n', 'NDIS_STATUS_OFFLOAD_PAUSE', '']) : text().slice(0, 2000) })),
          },
        });
        break;
      case 4:
        steps.push({ type: 'notification', method: 'textDocument/didClose', params: { textDocument: { uri } } });
        break;
      case 5:
        steps.push({ type: 'request', method: 'textDocument/hover', params: { textDocument: { uri }, position: pos() } });
        break;
      case 6:
        steps.push({ type: 'request', method: 'textDocument/codeAction', params: { textDocument: { uri }, range: { start: pos(), end: pos() }, context: { diagnostics: rnd.chance(0.5) ? [] : [{ range: { start: pos(), end: pos() }, message: 'x', data: rnd.pick([null, {}, { rule: 'indication/header' }, { rule: 'x', fixes: 'y' }]) }] } } });
        break;
      case 7:
        steps.push({ type: 'request', method: 'textDocument/codeLens', params: { textDocument: { uri } } });
        break;
      case 8:
        steps.push({ type: 'request', method: 'ndis/analyzeWorkspace' });
        break;
      case 9:
        steps.push({ type: 'request', method: rnd.pick(SIM), params: oddParams(rnd) });
        break;
      case 10:
        steps.push({ type: 'notification', method: 'workspace/didChangeConfiguration', params: { settings: rnd.pick([null, {}, { ndisOffload: { enable: rnd.chance(0.5), rules: rnd.pick([{}, { 'indication/header': 'off' }, 'x']), exclude: rnd.pick([[], ['**/a.c'], 'x', [1]]) } }]) } });
        break;
      default:
        steps.push({ type: 'notification', method: 'workspace/didChangeWatchedFiles', params: { changes: [{ uri: rnd.pick([...docs, `${folderUri}/gone.c`, 'untitled:x']), type: 1 + rnd.int(3) }] } });
    }
  }
  if (shutdownAt !== -2) steps.push({ type: 'request', method: 'shutdown' });
  if (rnd.chance(0.3)) steps.push({ type: 'request', method: 'textDocument/hover', params: { textDocument: { uri: docs[0] }, position: { line: 0, character: 0 } } });
  steps.push({ type: 'notification', method: 'exit' });
  return steps;
}

/** Plays a sequence against a fresh server; `waitMillis` bounds each request and the final exit. */
export async function playLsp(serverJs: string, steps: LspStep[], waitMillis: number): Promise<LspOutcome> {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((res) => child.on('exit', (code, signal) => ((exited = { code, signal }), res())));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const protocolErrors: string[] = [];
  conn.onError(([e]) => void (exited ? undefined : protocolErrors.push(String(e))));
  conn.onRequest(() => null);
  conn.onNotification(() => undefined);
  conn.listen();
  const outcome: LspOutcome = { problems: [] };
  let shutDown = false;
  let initialized = false;
  const timeout = <T>(p: Promise<T>, what: string) =>
    Promise.race([p.then((v) => ({ v })), new Promise<{ hang: string }>((res) => setTimeout(() => res({ hang: what }), waitMillis).unref())]);
  try {
    for (const [i, s] of steps.entries()) {
      if (exited) {
        if (!(shutDown && steps[i - 1]?.method === 'exit')) outcome.crash = `the server exited (code ${exited.code}, signal ${exited.signal}) before step ${i} (${s.method})\n${stderr}`;
        break;
      }
      if (s.type === 'notification') {
        await conn.sendNotification(s.method, s.params);
        continue;
      }
      const r = await timeout(
        conn.sendRequest(s.method, s.params).then(
          (v) => ({ ok: true as const, v }),
          (e: unknown) => ({ ok: false as const, e }),
        ),
        `${s.method} (step ${i}) unanswered after ${waitMillis} ms`,
      );
      if ('hang' in r) {
        // A request sent before initialize may legitimately wait for it; anything else is a hang.
        if (exited) continue;
        outcome.hang = r.hang;
        break;
      }
      if (s.method === 'initialize') initialized = true;
      if (shutDown && r.v.ok && initialized) outcome.problems.push(`${s.method} after shutdown answered with a result instead of an error`);
      if (s.method === 'shutdown') shutDown = true;
    }
    if (!outcome.crash && !outcome.hang) {
      const done = await timeout(exit, 'no exit after the exit notification');
      if ('hang' in done) outcome.hang = done.hang;
      else if (shutDown && exited?.code !== 0) outcome.problems.push(`exit after shutdown gave code ${exited?.code} (signal ${exited?.signal})\n${stderr}`);
    }
    if (protocolErrors.length) outcome.problems.push(`protocol errors: ${protocolErrors.slice(0, 3).join('; ')}`);
    if (/internal error|TypeError|RangeError|ReferenceError/.test(stderr)) outcome.problems.push(`the server logged an error: ${stderr.slice(0, 1000)}`);
  } finally {
    conn.dispose();
    if (!exited) child.kill('SIGKILL');
    await exit;
  }
  return outcome;
}
