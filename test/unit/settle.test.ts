// The editor session settles open files once typing pauses: an edit tree-sitter parsed incrementally
// through broken code may give another tree than a parse from scratch (Analyzer.settle); the session
// parses from scratch after the pause and publishes what a fresh analysis gives. The test waits on the
// diagnostics being published, not on a clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { EditorSession } from '../../server/src/lsp/editorSession';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import { readSettings } from '../../server/src/lsp/settings';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';

const ROOT = resolve(__dirname, '../../..');

test('after a pause in typing, the diagnostics of an edit parsed through broken code are those of a fresh analysis (fuzz seed 4002, case 2292)', async () => {
  const uri = 'file:///w/reasons.c';
  const before = readFileSync(join(ROOT, 'test/fixtures/rules/offload-event-retrieve-reason/pass-optional-reasons.c'), 'utf8');
  const after = readFileSync(join(ROOT, 'test/fixtures/fuzz/seed4002-case2292.c'), 'utf8');
  const fresh = await createAnalyzer();
  fresh.setFile(uri, after);
  const expected = JSON.stringify(fresh.analyze().get(uri)!.map(toDiagnostic));

  const published: string[] = [];
  let onPublish: () => void = () => undefined;
  const connection = {
    console: { warn: () => undefined, info: () => undefined },
    window: { showWarningMessage: async () => undefined },
    sendDiagnostics: async (p: PublishDiagnosticsParams) => {
      if (p.uri === uri) published.push(JSON.stringify(p.diagnostics));
      onPublish();
    },
    sendNotification: async () => undefined,
    sendRequest: async () => undefined,
  } as unknown as Connection;
  const session = new EditorSession(connection, await createAnalyzer());
  try {
    session.setSettings(readSettings({}));
    const settled = new Promise<void>((res) => (onPublish = () => published[published.length - 1] === expected && res()));
    session.opened(uri, before);
    session.changed(uri, after);
    await settled;
    // The edit was first published from the incremental tree (otherwise than fresh), then settled.
    assert.notEqual(published[published.length - 2], expected);
    assert.equal(published[published.length - 1], expected);
    assert.equal(session.analyzer.unsettled(), false);
  } finally {
    session.dispose();
  }
});
