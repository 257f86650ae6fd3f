// The editor path reuses the facts of unchanged functions between edits (moved to their new
// offsets). After every edit of a random sequence, its findings must equal a fresh analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSources, createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import type { Finding } from '../../server/src/analysis/findings';
import { loadCases } from '../helpers/fixtures';
import { prng } from '../helpers/random';

const show = (fs: Finding[]) => fs.map((f) => `${f.uri.split('/').pop()}:${f.range.start.line}:${f.range.start.character} ${f.rule} ${f.message} ${JSON.stringify([f.steps, f.fixes])}`).sort();

const EDITS = ['\n', ' ', '/* x */', '\n\n', 'NDIS_STATUS_SUCCESS', 'NDIS_STATUS_OFFLOAD_PAUSE', ';', '}'];

const WORKSPACES = [
  ...loadCases('examples'),
  ...['indication-header', 'indication-status-code', 'protocol-pause-never-resumed', 'protocol-resume-before-upload-drain']
    .flatMap((f) => loadCases(`test/fixtures/rules/${f}`))
    .filter((c) => c.sources.length > 1 || /wrapper|macro|helper/.test(c.name)),
];

for (const [n, sample] of WORKSPACES.entries()) test(`findings after random edits equal a fresh analysis (${sample.name})`, async () => {
  const a = await createAnalyzer();
  const docs = sample.sources.map((s) => ({ uri: s.uri, text: s.text }));
  for (const d of docs) a.openFile(d.uri, d.text);
  const rnd = prng(11 + n);
  try {
    for (let step = 0; step < 40; step++) {
      const d = docs[Math.floor(rnd() * docs.length)];
      const text = d.text;
      const at = Math.floor(rnd() * text.length);
      const del = rnd() < 0.3 ? Math.floor(rnd() * 4) : 0;
      d.text = text.slice(0, at) + EDITS[Math.floor(rnd() * EDITS.length)] + text.slice(at + del);
      a.openFile(d.uri, d.text);
      const incremental = [...a.analyze().values()].flat();
      const fresh = await analyzeSources(docs);
      assert.deepEqual(show(incremental), show(fresh), `after edit ${step}`);
    }
  } finally {
    a.trees.dispose();
  }
});

// Enough files that one edit updates the workspace's call indexes in place instead of rebuilding them
// (function names repeat across these fixtures, which also tests the order the indexes keep).
test('findings after edits in a many-file workspace equal a fresh analysis', async () => {
  const sources = ['indication-status-code', 'protocol-resume-before-upload-drain', 'protocol-pause-never-resumed'].flatMap((f) => loadCases(`test/fixtures/rules/${f}`).flatMap((c) => c.sources));
  assert.ok(sources.length > 20);
  const a = await createAnalyzer();
  const docs = sources.map((s) => ({ uri: s.uri, text: s.text }));
  for (const d of docs) a.openFile(d.uri, d.text);
  a.analyze();
  const rnd = prng(5);
  try {
    for (let step = 0; step < 25; step++) {
      const d = docs[Math.floor(rnd() * docs.length)];
      const text = d.text;
      const at = Math.floor(rnd() * text.length);
      d.text = text.slice(0, at) + EDITS[Math.floor(rnd() * EDITS.length)] + text.slice(at);
      if (a.hasFile(d.uri)) a.openFile(d.uri, d.text);
      if (step % 7 === 3) a.removeFile(docs[0].uri);
      if (step % 7 === 4) a.openFile(docs[0].uri, docs[0].text);
      const live = docs.filter((x) => a.hasFile(x.uri));
      const incremental = [...a.analyze().values()].flat();
      const fresh = await analyzeSources(live);
      assert.deepEqual(show(incremental), show(fresh), `after edit ${step}`);
    }
  } finally {
    a.trees.dispose();
  }
});
