// The editor path reuses the facts of unchanged functions between edits (moved to their new
// offsets). After every edit of a random sequence, its findings must equal a fresh analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSources, createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import type { Finding } from '../../server/src/analysis/findings';
import { loadCases } from '../helpers/fixtures';
import { Analyzer } from '../../server/src/analysis/analyze';
import { prng } from '../helpers/random';
import type { Check } from '../../server/src/analysis/checks';

const show = (fs: Finding[]) => fs.map((f) => `${f.uri.split('/').pop()}:${f.range.start.line}:${f.range.start.character} ${f.rule} ${f.message} ${JSON.stringify([f.steps, f.fixes])}`).sort();

/** The analyzer's findings now, asserted equal to a fresh analysis of the same texts. */
async function sameAsFresh(a: Analyzer, docs: { uri: string; text: string }[], what: string): Promise<string[]> {
  const incremental = show([...a.analyze().values()].flat());
  assert.deepEqual(incremental, show(await analyzeSources(docs)), what);
  return incremental;
}

const EDITS = ['\n', ' ', '/* x */', '\n\n', 'NDIS_STATUS_SUCCESS', 'NDIS_STATUS_OFFLOAD_PAUSE', ';', '}', '(', '/*', '#include "x.h"\n', 'namespace n {\n'];

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
      const typed = EDITS[Math.floor(rnd() * EDITS.length)];
      d.text = text.slice(0, at) + typed + text.slice(at + del);
      // Every other edit says where it is, as the editor does (lsp/editedDocuments.ts); the others are found by comparing.
      a.openFile(d.uri, d.text, step % 2 ? { start: at, oldEnd: Math.min(text.length, at + del), newEnd: at + typed.length } : undefined);
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

// Each function's sites are kept across edits (sites.ts), but the workspace shares one allowance of caller
// expansions among them: six wrappers with 300 callers each use it up, so how far the last ones expand
// depends on the first. Each wrapper has its own name, so an edit of the first changes no lookup the
// others made: only the allowance ties them.
test('kept sites follow the expansions a change elsewhere frees or takes (the workspace allowance)', async () => {
  const statuses = ['NDIS_STATUS_LINK_STATE', 'NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG', 'NDIS_STATUS_OPER_STATUS'];
  const docs = Array.from({ length: 6 }, (_, k) => [
    {
      uri: `file:///ws/w${k}.c`,
      text: [
        '#include <ndis.h>',
        `VOID Wrap${k}(NDIS_HANDLE h, NDIS_STATUS code)`,
        '{',
        '    NDIS_STATUS_INDICATION si;',
        '    NdisZeroMemory(&si, sizeof(si));',
        '    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;',
        '    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;',
        '    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;',
        '    si.SourceHandle = h;',
        '    si.StatusCode = code;',
        '    NdisMIndicateStatusEx(h, &si);',
        '}',
        '',
      ].join('\n'),
    },
    {
      uri: `file:///ws/w${k}callers.c`,
      text: '#include <ndis.h>\n' + Array.from({ length: 300 }, (_, i) => `VOID Caller${k}x${i}(NDIS_HANDLE h) { Wrap${k}(h, ${statuses[i % statuses.length]}); }`).join('\n') + '\n',
    },
  ]).flat();
  const a = await createAnalyzer();
  try {
    for (const d of docs) a.openFile(d.uri, d.text);
    const check = (what: string) => sameAsFresh(a, docs, what);
    const before = await check('first analysis');
    const w0 = docs[0];
    const original = w0.text;
    w0.text = original.replace('NdisMIndicateStatusEx(h, &si);', 'NdisZeroMemory(h, 0);');
    a.openFile(w0.uri, w0.text);
    const freed = await check('after the first wrapper lost its indication');
    // The allowance mattered: with one wrapper fewer, a later one reached callers it could not before.
    const later = (fs: string[]) => fs.filter((f) => /^w[1-5]/.test(f));
    assert.notDeepEqual(later(freed), later(before));
    w0.text = original;
    a.openFile(w0.uri, w0.text);
    assert.deepEqual(await check('after it got it back'), before);
  } finally {
    a.trees.dispose();
  }
});

// The chain from an interrupt handler to an indication is kept across edits with the roots it was
// searched from (paths/irql.ts): edits to the registration (the root), to the handler's call and above
// it must each give what a fresh analysis gives.
test('kept IRQL chains follow edits to the root, the chain and the lines above them', async () => {
  const fixture = loadCases('test/fixtures/rules/indication-irql').find((c) => c.name.endsWith('fail-isr-calls-indication.c'))!;
  const text = fixture.sources[0].text;
  const split = text.indexOf('// The interrupt service routine');
  const register = text.indexOf('NDIS_STATUS\nMpRegisterInterrupt');
  assert.ok(split > 0 && register > split);
  const docs = [
    { uri: 'file:///irql/indicate.c', text: text.slice(0, split) },
    { uri: 'file:///irql/isr.c', text: '#include <ndis.h>\ntypedef struct _ADAPTER *PADAPTER;\nVOID MpIndicateLinkState(PADAPTER Adapter);\n' + text.slice(split, register) },
    { uri: 'file:///irql/register.c', text: text.slice(0, text.indexOf('static VOID')) + text.slice(register) },
  ];
  const a = await createAnalyzer();
  try {
    for (const d of docs) a.openFile(d.uri, d.text);
    const irql = async (what: string) => (await sameAsFresh(a, docs, what)).filter((f) => f.includes('indication/irql')).length;
    const edit = async (doc: number, from: string, to: string, what: string) => {
      assert.ok(docs[doc].text.includes(from), what);
      docs[doc].text = docs[doc].text.replace(from, to);
      a.openFile(docs[doc].uri, docs[doc].text);
      return irql(what);
    };
    assert.equal(await irql('first analysis'), 1);
    assert.equal(await edit(2, 'Interrupt.InterruptHandler = MpInterrupt;', 'Interrupt.InterruptDpcHandler = MpInterrupt;', 'the handler registered as a DPC'), 0);
    assert.equal(await edit(2, 'Interrupt.InterruptDpcHandler = MpInterrupt;', 'Interrupt.InterruptHandler = MpInterrupt;', 'registered as the ISR again'), 1);
    assert.equal(await edit(1, '// The interrupt service routine', '\n\n// Lines above it.\n// The interrupt service routine', 'lines typed above the ISR'), 1);
    assert.equal(await edit(1, 'MpIndicateLinkState(Adapter);', 'MpIndicateLinkStateLater(Adapter);', 'the ISR calls something else'), 0);
    assert.equal(await edit(1, 'MpIndicateLinkStateLater(Adapter);', 'MpIndicateLinkState(Adapter);', 'the call back'), 1);
    assert.equal(await edit(0, 'static VOID', '\n\nstatic VOID', 'lines typed above the indicating function'), 1);
  } finally {
    a.trees.dispose();
  }
});

// A check that throws at a site (a defect of ours) costs that check's other findings there, not the
// other checks' ones, and its function gets a note; a kept site says the same after an edit elsewhere.
test('a check that throws at a site is noted on its function, after edits too, and the other checks still report', async () => {
  const reporting: Check = {
    meta: { id: 'test/reports', severity: 'warning' },
    indication(site, ctx) {
      ctx.report({ rule: 'test/reports', loc: site.call.at, message: 'seen', steps: [] });
    },
  };
  const throwing: Check = {
    meta: { id: 'test/throws', severity: 'warning' },
    indication(site, ctx) {
      ctx.report({ rule: 'test/throws', loc: site.call.at, message: 'before the throw', steps: [] });
      throw new Error('defect of ours');
    },
  };
  const a = await Analyzer.create({ checks: [throwing, reporting] });
  const uri = 'file:///w/t.c';
  let text = 'int x;\nVOID F(NDIS_HANDLE h) {\n  NDIS_STATUS_INDICATION si;\n  NdisMIndicateStatusEx(h, &si);\n}\n';
  try {
    for (let round = 0; round < 3; round++) {
      a.openFile(uri, text);
      const rules = (a.analyze().get(uri) ?? []).map((f) => `${f.rule}:${f.range.start.line}`).sort();
      assert.deepEqual(rules, ['test/reports:' + (3 + round), 'test/throws:' + (3 + round)], `round ${round}`);
      assert.ok(a.fileNotes().some((n) => n.uri === uri && /function F .*defect of ours/.test(n.message)), JSON.stringify(a.fileNotes()));
      text = `\n${text}`; // a line above: the site is kept, moved
    }
  } finally {
    a.trees.dispose();
  }
});

// A value followed along the paths of its function carries the branch it took ("branch taken: !(fatal)"),
// a location worked out from the control-flow graph and kept with the value across edits: an edit above
// the function must move it with the function (it stayed behind by the edit's length before).
test('a kept value path step moves with its function after an edit above it', async () => {
  const [c] = loadCases('test/fixtures/rules/offload-event-retrieve-reason').filter((x) => x.name.includes('fail-reason-zero-on-one-path'));
  const doc = { uri: c.sources[0].uri, text: c.sources[0].text };
  const a = await createAnalyzer();
  try {
    a.openFile(doc.uri, doc.text);
    const before = await sameAsFresh(a, [doc], 'first analysis');
    assert.ok(before.some((f) => f.includes('branch taken')), 'the finding has a branch step');
    for (const typed of ['\n', ' ', 'x']) {
      doc.text = typed + doc.text;
      a.openFile(doc.uri, doc.text, { start: 0, oldEnd: 0, newEnd: typed.length });
      await sameAsFresh(a, [doc], `after typing ${JSON.stringify(typed)} at the top`);
    }
  } finally {
    a.trees.dispose();
  }
});
