// The report is made again only for the files whose findings may have changed (Analyzer.run): those
// with findings now or before, those changed, those with suppression comments. After random edits
// across many files, suppressions among them, it must equal a fresh report file by file, the files
// not made again must keep their very lists, and the server must publish exactly the files whose
// diagnostics changed, with the count of findings a fresh session shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import type { Finding } from '../../server/src/analysis/findings';
import { EditorSession } from '../../server/src/lsp/editorSession';
import { readSettings } from '../../server/src/lsp/settings';
import { Methods, type AnalysisStatusParams } from '../../server/src/shared/messages';
import { loadCases } from '../helpers/fixtures';
import { prng } from '../helpers/random';

const shown = (fs: Finding[] | undefined) => (fs ?? []).map((f) => `${f.range.start.line}:${f.range.start.character} ${f.rule} ${f.message}`);

/** The sample driver, rule fixtures that span files, and files with suppression comments (used and unused). */
function workspace(): { uri: string; text: string }[] {
  return [
    ...loadCases('examples'),
    ...['indication-status-code', 'protocol-pause-never-resumed', 'suppression-unused'].flatMap((f) => loadCases(`test/fixtures/rules/${f}`)),
  ].flatMap((c) => c.sources.map((s) => ({ uri: s.uri, text: s.text })));
}

/** Typing that adds, removes or moves findings: a status, a broken statement, blanks, a suppression. */
const TYPED = ['x', ' ', '\n', 'NDIS_STATUS_PAUSED', ';', '// ndis-offload-disable-next-line indication/flags\n', '}'];

function edit(rnd: () => number, docs: { uri: string; text: string }[]): { uri: string; text: string; at: number; typed: string } {
  const d = docs[Math.floor(rnd() * docs.length)];
  const at = Math.floor(rnd() * d.text.length);
  const typed = TYPED[Math.floor(rnd() * TYPED.length)];
  d.text = d.text.slice(0, at) + typed + d.text.slice(at);
  return { ...d, at, typed };
}

test('a report made again for the files that may have changed equals a fresh report, file by file', async () => {
  const docs = workspace();
  assert.ok(docs.some((d) => d.text.includes('ndis-offload-disable')), 'suppressions among the files');
  const a = await createAnalyzer();
  for (const d of docs) a.openFile(d.uri, d.text);
  let before = new Map(a.analyze());
  assert.equal(a.changedInLastReport(), undefined, 'the first report is made whole');
  const rnd = prng(2026);
  try {
    for (let step = 0; step < 60; step++) {
      const e = edit(rnd, docs);
      a.openFile(e.uri, e.text, { start: e.at, oldEnd: e.at, newEnd: e.at + e.typed.length });
      const report = a.analyze();
      const changed = a.changedInLastReport();
      assert.ok(changed, `step ${step}: a report made again in part`);
      const fresh = await createAnalyzer();
      for (const d of docs) fresh.setFile(d.uri, d.text);
      const expected = fresh.analyze();
      assert.deepEqual([...report.keys()].sort(), [...expected.keys()].sort(), `step ${step}: every file`);
      for (const [uri, list] of expected) assert.deepEqual(shown(report.get(uri)), shown(list), `step ${step}: ${uri}`);
      // The coverage, kept between analyses the same way (only the changed files' entries made again).
      if (step % 3 === 0) assert.deepEqual(a.coverage(), fresh.coverage(), `step ${step}: coverage`);
      for (const [uri, list] of report) {
        if (changed.has(uri)) continue;
        assert.equal(list, before.get(uri), `step ${step}: ${uri} is not said to have changed and keeps its list`);
      }
      before = new Map(report);
    }
    // A new file, without findings, is in the report.
    a.openFile('file:///report/new.c', 'int f(void) { return 0; }\n');
    assert.deepEqual(a.analyze().get('file:///report/new.c'), []);
    assert.ok(a.changedInLastReport()?.has('file:///report/new.c'));
    // A file gone: the next report is made whole, without it.
    a.removeFile(docs[0].uri);
    assert.ok(!a.analyze().has(docs[0].uri));
    assert.equal(a.changedInLastReport(), undefined);
    assert.ok(!a.coverage().files.some((f) => f.uri === docs[0].uri));
  } finally {
    a.trees.dispose();
  }
});

// An edit of one file changes the findings of another that the edit did not touch (a wrapper's caller).
test('findings a file loses through an edit of another file leave its report', async () => {
  const [c] = loadCases('test/fixtures/rules/indication-status-code').filter((x) => x.name.includes('fail-wrapper-multifile'));
  const a = await createAnalyzer();
  for (const s of c.sources) a.openFile(s.uri, s.text);
  const caller = c.sources.find((s) => s.uri.endsWith('failover.c'))!.uri;
  const wrapper = c.sources.find((s) => s.uri.endsWith('indicate.c'))!;
  try {
    const rules = () => (a.analyze().get(caller) ?? []).map((f) => f.rule);
    assert.ok(rules().includes('indication/status-code'));
    const text = wrapper.text.replace('si.StatusCode = Code;', 'si.StatusCode = NDIS_STATUS_OFFLOAD_PAUSE;');
    assert.notEqual(text, wrapper.text);
    a.openFile(wrapper.uri, text);
    assert.ok(!rules().includes('indication/status-code'));
    assert.ok(a.changedInLastReport()?.has(caller));
  } finally {
    a.trees.dispose();
  }
});

/** A connection that records what the session sends. */
function recording(): { connection: Connection; sent: PublishDiagnosticsParams[]; status: AnalysisStatusParams[] } {
  const sent: PublishDiagnosticsParams[] = [];
  const status: AnalysisStatusParams[] = [];
  const connection = {
    console: { warn: () => undefined, info: () => undefined },
    window: { showWarningMessage: async () => undefined },
    sendDiagnostics: async (p: PublishDiagnosticsParams) => void sent.push(p),
    sendNotification: async (method: string, p: AnalysisStatusParams) => void (method === Methods.analysisStatus && status.push(p)),
    sendRequest: async () => undefined,
  } as unknown as Connection;
  return { connection, sent, status };
}

/** What a client holds after the messages: the last diagnostics sent per file. */
function held(sent: PublishDiagnosticsParams[], into = new Map<string, string>()): Map<string, string> {
  for (const p of sent) into.set(p.uri, JSON.stringify(p.diagnostics));
  return into;
}

test('the server publishes only the files whose diagnostics changed, and counts as a fresh session does', async () => {
  const docs = workspace();
  const live = recording();
  const session = new EditorSession(live.connection, await createAnalyzer());
  const client = new Map<string, string>();
  const rnd = prng(77);
  try {
    for (const d of docs) session.opened(d.uri, d.text);
    session.publish();
    held(live.sent, client);
    for (let step = 0; step < 40; step++) {
      const e = edit(rnd, docs);
      live.sent.length = 0;
      session.changed(e.uri, e.text, { start: e.at, oldEnd: e.at, newEnd: e.at + e.typed.length });
      session.publish();
      const fresh = recording();
      const other = new EditorSession(fresh.connection, await createAnalyzer());
      try {
        for (const d of docs) other.opened(d.uri, d.text);
        other.publish();
      } finally {
        other.dispose();
      }
      const expected = held(fresh.sent);
      const before = new Map(client);
      held(live.sent, client);
      // What the client holds is what a fresh session sends (a file never sent holds no diagnostics).
      for (const d of docs) assert.equal(client.get(d.uri) ?? '[]', expected.get(d.uri) ?? '[]', `step ${step}: ${d.uri}`);
      // Only what changed was sent.
      for (const p of live.sent) assert.notEqual(before.get(p.uri) ?? (session.analyzer.isOpen(p.uri) ? undefined : '[]'), JSON.stringify(p.diagnostics), `step ${step}: ${p.uri} sent again unchanged`);
      assert.equal(live.status.at(-1)!.findings, fresh.status.at(-1)!.findings, `step ${step}: the count shown`);
    }
    // Excluding files (a settings change) publishes every file again: the excluded ones lose their diagnostics.
    live.sent.length = 0;
    session.setFolders(['/']);
    session.setSettings(readSettings({ exclude: ['**/*.c'] }));
    session.publish();
    held(live.sent, client);
    for (const d of docs.filter((x) => x.uri.startsWith('file:') && x.uri.endsWith('.c'))) assert.equal(client.get(d.uri), '[]', d.uri);
  } finally {
    session.dispose();
  }
});
