// ndisOffload.exclude (issue 15, Why 3): minimatch globs matched against paths
// relative to the workspace folder, brace and class syntax, and no pattern or
// file name that makes matching slow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { excludeMatcher, relativePath } from '../../server/src/lsp/exclude';
import { EditorSession } from '../../server/src/lsp/editorSession';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import { readSettings } from '../../server/src/lsp/settings';

const WS = '/home/dev/src/driver';
const at = (rel: string) => `${WS}/${rel}`;
const excluded = (patterns: string[], rel: string) => excludeMatcher(patterns, [WS]).excluded(at(rel));

test('patterns match the path relative to the workspace folder, not the folders above it', () => {
  // The workspace sits under a folder named src: `src/**` must mean the workspace's own src folder.
  assert.equal(excluded(['src/**'], 'miniport/offload.c'), false);
  assert.equal(excluded(['src/**'], 'src/offload.c'), true);
  assert.equal(excluded(['driver/**'], 'offload.c'), false, 'the workspace folder name is not part of the path');
  assert.equal(relativePath(at('a/b.c'), [WS]), 'a/b.c');
});

test('**/third_party/** leaves out third_party folders, not my_third_party', () => {
  assert.equal(excluded(['**/third_party/**'], 'third_party/zlib/inflate.c'), true);
  assert.equal(excluded(['**/third_party/**'], 'lib/third_party/x.h'), true);
  assert.equal(excluded(['**/third_party/**'], 'my_third_party/x.c'), false);
  assert.equal(excluded(['**/third_party/**'], 'lib/third_party_x.c'), false);
});

test('braces, classes, ? and name patterns', () => {
  assert.equal(excluded(['{tests,tools}/**'], 'tools/gen.c'), true);
  assert.equal(excluded(['{tests,tools}/**'], 'tests/a.c'), true);
  assert.equal(excluded(['{tests,tools}/**'], 'tool/a.c'), false);
  assert.equal(excluded(['build[0-9]/**'], 'build7/a.c'), true);
  assert.equal(excluded(['build[0-9]/**'], 'buildx/a.c'), false);
  assert.equal(excluded(['rx?.c'], 'net/rx1.c'), true);
  // Without a slash a pattern names a file or folder at any depth.
  assert.equal(excluded(['*.inl'], 'a/b/c.inl'), true);
  assert.equal(excluded(['generated'], 'a/generated/x.c'), true);
  assert.equal(excluded(['generated'], 'a/generated_x.c'), false);
  // A pattern naming a folder leaves out what is in it.
  assert.equal(excluded(['**/gen'], 'x/gen/a/b.c'), true);
  assert.equal(excluded(['.hidden/**'], '.hidden/a.c'), true);
  assert.equal(excluded(['#notes', '!keep.c'], 'keep.c'), false, '# and ! are ordinary characters');
  assert.equal(excluded([], 'a.c'), false);
});

test('the deepest workspace folder holding a file is the one its path is relative to; files outside use their full path', () => {
  const m = excludeMatcher(['sub/**', '**/vendor/**'], ['/w', '/w/inner']);
  assert.equal(m.excluded('/w/sub/a.c'), true);
  assert.equal(m.excluded('/w/inner/sub/a.c'), true, 'relative to /w/inner');
  assert.equal(m.excluded('/w/innerx/sub/a.c'), false, 'a sibling whose name starts like a folder is not inside it');
  assert.equal(m.excluded('/elsewhere/vendor/a.c'), true);
  assert.equal(m.excluded('/sub/a.c'), false);
});

// A safety net, not a speed measurement: with the old regular-expression globs this
// test never finished (over 60 s for 40 characters, about 4x more per 2 more), and the
// timeout turns such a hang into a failure instead of a stuck run.
test('a pathological pattern against long names is answered (no backtracking)', { timeout: 60_000 }, () => {
  const evil = '**a**a**a**a**a**a**a**a**a**b';
  const m = excludeMatcher([evil, `**/${'*a'.repeat(60)}b`, '{a,a}'.repeat(16) + 'b'], [WS]);
  assert.deepEqual(m.problems, []);
  for (const n of [40, 255, 4000]) assert.equal(m.excluded(at('a'.repeat(n))), false);
  assert.equal(m.excluded(at(`${'a/'.repeat(500)}${'a'.repeat(200)}`)), false);
  assert.equal(m.excluded(at('a'.repeat(39) + 'b')), true);
});

test('a pattern the library refuses is reported and the others still apply', () => {
  const m = excludeMatcher(['x'.repeat(70_000), 'gen/**'], [WS]);
  assert.equal(m.problems.length, 1);
  assert.match(m.problems[0], /^ndisOffload\.exclude: the pattern "x{80}…" is ignored: it is longer than 65536 characters$/);
  assert.equal(m.excluded(at('gen/a.c')), true);
});

/** A connection for an EditorSession in a test: the log lines it is given go to `log`, the rest is dropped. */
function fakeConnection(log: { warn?: (s: string) => void; info?: (s: string) => void }): Connection {
  return {
    console: { warn: log.warn ?? (() => undefined), info: log.info ?? (() => undefined) },
    window: { showWarningMessage: async () => undefined },
    sendDiagnostics: async () => undefined,
    sendNotification: async () => undefined,
    sendRequest: async () => undefined,
  } as unknown as Connection;
}

test('the editor session scans a workspace under a src folder with src/** and third_party excludes', async () => {
  const base = mkdtempSync(join(tmpdir(), 'ndis-exclude-'));
  const ws = join(base, 'src', 'driver');
  const files = ['src/a.c', 'lib/b.c', 'third_party/c.c', 'my_third_party/d.c', 'tools/e.c', 'build3/f.c'];
  for (const f of files) {
    mkdirSync(join(ws, f, '..'), { recursive: true });
    writeFileSync(join(ws, f), 'int f(void) { return 0; }\n');
  }
  const warnings: string[] = [];
  const connection = fakeConnection({ warn: (s) => warnings.push(s) });
  const session = new EditorSession(connection, await createAnalyzer());
  try {
    session.setFolders([ws]);
    session.setSettings(readSettings({ exclude: ['src/**', '**/third_party/**', '{tools,build[0-9]}'] }));
    assert.equal(await session.scan([ws]), 2);
    const kept = files.filter((f) => session.analyzer.textOf(pathToFileURL(join(ws, f)).toString()) !== undefined);
    assert.deepEqual(kept, ['lib/b.c', 'my_third_party/d.c']);
    assert.deepEqual(warnings, []);
  } finally {
    session.dispose();
    rmSync(base, { recursive: true, force: true });
  }
});

// The output channel's coverage log: the summary and each file's parse-error line when first seen, and
// after that only what changed (an edit that moves lines re-logs its own file's line, not every file's).
test('the coverage log says again only the parse-error lines that changed', async () => {
  const infos: string[] = [];
  const connection = fakeConnection({ info: (s) => infos.push(s) });
  const session = new EditorSession(connection, await createAnalyzer());
  try {
    const broken = 'int f(void) { return 0 }\n';
    session.opened('file:///cov/a.c', broken);
    session.opened('file:///cov/b.c', broken);
    session.publish();
    assert.equal(infos.filter((l) => l.includes('parse errors at line')).length, 2, infos.join('\n'));
    infos.length = 0;
    session.changed('file:///cov/a.c', `\n${broken}`, { start: 0, oldEnd: 0, newEnd: 1 });
    session.publish();
    assert.deepEqual(infos.filter((l) => l.includes('parse errors at line')), ['file:///cov/a.c: parse errors at line(s) 2'], infos.join('\n'));
    assert.ok(infos[0].startsWith('coverage: 2 file(s)'), infos.join('\n'));
    infos.length = 0;
    session.publish();
    assert.deepEqual(infos, [], 'nothing changed: nothing logged');
  } finally {
    session.dispose();
  }
});
