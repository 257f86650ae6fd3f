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
import { callerExpansionsMade } from '../../server/src/analysis/sites';
import { statementsReread } from '../../server/src/analysis/statementReread';
import type { FileFacts } from '../../server/src/analysis/facts';
import type { Kept } from '../../server/src/analysis/workspace';
import type { Value } from '../../server/src/analysis/values';
import { readCodes } from '../../server/src/analysis/statusCode';

const show = (fs: Finding[]) => fs.map((f) => `${f.uri.split('/').pop()}:${f.range.start.line}:${f.range.start.character} ${f.rule} ${f.message} ${JSON.stringify([f.steps, f.fixes])}`).sort();

/** A rule fixture's first source open in a new analyzer, with its first findings (asserted equal to a fresh analysis). */
async function openFixture(folder: string, name: string): Promise<{ a: Analyzer; doc: { uri: string; text: string }; first: string[] }> {
  const [c] = loadCases(folder).filter((x) => x.name.includes(name));
  const doc = { uri: c.sources[0].uri, text: c.sources[0].text };
  const a = await createAnalyzer();
  try {
    a.openFile(doc.uri, doc.text);
    return { a, doc, first: await sameAsFresh(a, [doc], 'first analysis') };
  } catch (e) {
    a.trees.dispose();
    throw e;
  }
}

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

/** A sample's sources open in a new analyzer, as documents the tests edit. */
async function openSample(sample: (typeof WORKSPACES)[number]): Promise<{ a: Analyzer; docs: { uri: string; text: string }[] }> {
  const a = await createAnalyzer();
  const docs = sample.sources.map((s) => ({ uri: s.uri, text: s.text }));
  for (const d of docs) a.openFile(d.uri, d.text);
  return { a, docs };
}

for (const [n, sample] of WORKSPACES.entries()) test(`findings after random edits equal a fresh analysis (${sample.name})`, async () => {
  const { a, docs } = await openSample(sample);
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

// Letters typed at, and deleted from, the end of the last name before a `;` (`Send(a, bx);`): the edit
// that changes a function's facts, which a plain statement reads alone (statementReread.ts).
for (const [n, sample] of WORKSPACES.entries()) test(`findings after random letters at names equal a fresh analysis (${sample.name})`, async () => {
  const { a, docs } = await openSample(sample);
  const rnd = prng(101 + n);
  try {
    for (let step = 0; step < 40; step++) {
      const d = docs[Math.floor(rnd() * docs.length)];
      const text = d.text;
      const semi = text.indexOf(';', Math.floor(rnd() * text.length));
      if (semi < 0) continue;
      let at = semi;
      while (at > 0 && /[\s)\]]/.test(text[at - 1])) at--;
      if (!/\w/.test(text[at - 1] ?? '')) continue;
      const del = rnd() < 0.3 && /\w/.test(text[at - 2] ?? '') ? 1 : 0;
      const typed = del ? '' : 'xq_1'[Math.floor(rnd() * 4)];
      if (del) at--;
      d.text = text.slice(0, at) + typed + text.slice(at + del);
      a.openFile(d.uri, d.text, { start: at, oldEnd: at + del, newEnd: at + typed.length });
      const incremental = [...a.analyze().values()].flat();
      assert.deepEqual(show(incremental), show(await analyzeSources(docs)), `after letter ${step}`);
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

// A wrapper's sites are worked out again when one of its callers changes; those seen from the other
// callers come out as they were and keep their objects (siteReuse.ts), so the checks run again only at
// the site seen from the caller that changed.
test('an edit in one caller of a wrapper runs the checks again only at the site seen from that caller', async () => {
  const checked: string[] = [];
  const counting: Check = {
    meta: { id: 'test/counts', severity: 'warning' },
    indication(site, ctx) {
      checked.push(site.context.name);
      ctx.report({ rule: 'test/counts', loc: site.call.at, message: `from ${site.context.name}`, steps: [] });
    },
  };
  const a = await Analyzer.create({ checks: [counting] });
  const wrapper = { uri: 'file:///reuse/w.c', text: 'VOID W(NDIS_HANDLE h, NDIS_STATUS c)\n{\n  NDIS_STATUS_INDICATION si;\n  si.StatusCode = c;\n  NdisMIndicateStatusEx(h, &si);\n}\n' };
  const callerA = { uri: 'file:///reuse/a.c', text: 'VOID A(NDIS_HANDLE h)\n{\n  W(h, NDIS_STATUS_MEDIA_CONNECT);\n}\n' };
  const callerB = { uri: 'file:///reuse/b.c', text: 'VOID B(NDIS_HANDLE h)\n{\n  W(h, NDIS_STATUS_LINK_STATE);\n}\n' };
  try {
    for (const d of [wrapper, callerA, callerB]) a.openFile(d.uri, d.text);
    for (const f of fillers('reuse')) a.setFile(f.uri, f.text);
    const messages = () => [...a.analyze().values()].flat().map((f) => f.message).sort();
    assert.deepEqual(messages(), ['from A', 'from B', 'from W']);
    assert.deepEqual(checked.sort(), ['A', 'B', 'W']);
    checked.length = 0;
    replaceIn(a, callerA, 'W(h, NDIS_STATUS_MEDIA_CONNECT);', 'int z = 1;\n  W(h, NDIS_STATUS_MEDIA_CONNECT);');
    assert.deepEqual(messages(), ['from A', 'from B', 'from W']);
    assert.deepEqual(checked, ['A'], 'the sites from W itself and from B are kept');
  } finally {
    a.trees.dispose();
  }
});

// A wrapper called (through another) from many places: an edit in one caller works out again only the
// expansions through it (sites.ts throughCaller), and a change of what reaches the wrapper's own call
// works out every one again.
test('an edit in one caller of a wrapper expands the site again only through that caller', async () => {
  const seen: string[] = [];
  const recording: Check = {
    meta: { id: 'test/values', severity: 'warning' },
    indication(site, ctx) {
      const v = (k: string) => (site.values.get(k) ?? []).map((x) => x.expr).join('|');
      seen.push(`${site.context.name} ${v('StatusCode')} ${v('Flags')}`);
      ctx.report({ rule: 'test/values', loc: site.call.at, message: `${site.context.name} ${v('StatusCode')} ${v('Flags')}`, steps: [] });
    },
  };
  const a = await Analyzer.create({ checks: [recording] });
  const flags = { uri: 'file:///through/flags.h', text: '#define SET_FLAGS(s) ((s).Flags = 1)\n' };
  const wrapper = { uri: 'file:///through/w.c', text: 'VOID W(NDIS_HANDLE h, NDIS_STATUS c)\n{\n  NDIS_STATUS_INDICATION si;\n  si.StatusCode = c;\n  SET_FLAGS(si);\n  NdisMIndicateStatusEx(h, &si);\n}\n' };
  const middle = { uri: 'file:///through/m.c', text: 'VOID M(NDIS_HANDLE h, NDIS_STATUS c)\n{\n  W(h, c);\n}\n' };
  const callers = Array.from({ length: 20 }, (_, i) => ({ uri: `file:///through/c${String(i).padStart(2, '0')}.c`, text: `VOID C${i}(NDIS_HANDLE h)\n{\n  M(h, CODE_${i});\n}\n` }));
  const all = [flags, wrapper, middle, ...callers];
  const fresh = async () => {
    const b = await Analyzer.create({ checks: [recording] });
    try {
      for (const d of all) b.setFile(d.uri, d.text);
      return [...b.analyze().values()].flat().map((f) => f.message).sort();
    } finally {
      b.trees.dispose();
    }
  };
  const messages = () => [...a.analyze().values()].flat().map((f) => f.message).sort();
  try {
    for (const d of all) a.openFile(d.uri, d.text);
    const first = messages();
    assert.equal(first.length, 21, 'W itself, and W seen from each caller of M');
    assert.ok(first.includes('C5 CODE_5 1'), first.join('\n'));
    let made = callerExpansionsMade();
    replaceIn(a, callers[5], 'CODE_5', 'CODE_5x');
    const edited = messages();
    assert.equal(callerExpansionsMade() - made, 2, 'through M (which holds the changed caller), and through C5');
    assert.ok(edited.includes('C5 CODE_5x 1'));
    assert.deepEqual(edited, await fresh());
    // What reaches W's own call changes (the macro it uses, in another file): every expansion is made again.
    made = callerExpansionsMade();
    replaceIn(a, flags, '= 1)', '= 2)');
    const after = messages();
    assert.equal(callerExpansionsMade() - made, 21);
    assert.ok(after.includes('C7 CODE_7 2'), after.join('\n'));
    assert.deepEqual(after, await fresh());
  } finally {
    a.trees.dispose();
  }
});

/** A function with the statements the graph tests type into: plain ones, a condition, a goto, macro uses (one in a __finally block). */
const GRAPH_FN = [
  'VOID F(NDIS_HANDLE h, ULONG n)',
  '{',
  '    ULONG i = 0;',
  '    NDIS_STATUS s = Send(h, n);',
  '    if (n > 2) {',
  '        s = Other(h, i);',
  '        goto done;',
  '    }',
  '    __try {',
  '        Work(h);',
  '    } __finally {',
  '        Cleanup(h);',
  '        LOG(h, ("done"));',
  '    }',
  '    MP_EXIT;',
  '    BAIL(s);',
  'done:',
  '    Finish(h, s);',
  '}',
  '',
].join('\n');

/** The graph a fresh analysis builds for the only function of `text`. */
async function graphBuiltFrom(uri: string, text: string) {
  const fresh = await createAnalyzer();
  try {
    fresh.openFile(uri, text);
    const fn = fresh.ws.files.get(uri)!.functions[0];
    fresh.cfgOf(fn);
    return fn.cfg;
  } finally {
    fresh.trees.dispose();
  }
}

// A letter typed in a plain statement keeps the function's control-flow graph, moved (cfgReuse.ts):
// it must be the graph a build from the new tree gives. A possible macro use keeps its node with what
// is written now (inside a __finally block, in both its copies); a goto's label and a condition change
// the graph, which is then built again.
test('a letter typed in a plain statement keeps the graph, moved, equal to one built again', async () => {
  const text = GRAPH_FN;
  const uri = 'file:///graph/f.c';
  const a = await createAnalyzer();
  const graphOf = (t: string) => graphBuiltFrom(uri, t);
  const kept: string[] = [];
  try {
    a.openFile(uri, text);
    for (const mark of ['Send(h, n', 'Other(h, i', 'goto done', 'Cleanup(h', 'LOG(h, ("do', 'MP_EXIT', 'BAIL(s', 'BAI', 'n > 2', 'Finish(h, s']) {
      const before = a.ws.files.get(uri)!.functions[0];
      a.cfgOf(before); // the graph made before the edit
      const at = text.indexOf(mark) + mark.length;
      const typed = text.slice(0, at) + 'x' + text.slice(at);
      a.openFile(uri, typed, { start: at, oldEnd: at, newEnd: at + 1 });
      const fn = a.ws.files.get(uri)!.functions[0];
      // (A moved graph shares the old one's map of labels; one built again, here or to compare a function
      // whose facts read the same, has its own.)
      if (fn.cfg && fn.cfg.labels === before.cfg?.labels) kept.push(mark);
      if (!fn.cfg) a.cfgOf(fn);
      assert.deepEqual(fn.cfg, await graphOf(typed), `x typed after ${mark}`);
      a.cfgOf(fn);
      a.openFile(uri, text, { start: at, oldEnd: at + 1, newEnd: at });
      const back = a.ws.files.get(uri)!.functions[0];
      if (!back.cfg) a.cfgOf(back);
      assert.deepEqual(back.cfg, await graphOf(text), `x deleted after ${mark}`);
    }
    // `BAIxL(s)` is no longer a possible macro use (its node loses the use); deleting the x makes it one
    // again, and that graph is built again (the jumps of the use's place are not in the graph).
    assert.deepEqual(kept, ['Send(h, n', 'Other(h, i', 'Cleanup(h', 'LOG(h, ("do', 'MP_EXIT', 'BAIL(s', 'BAI', 'Finish(h, s']);
  } finally {
    a.trees.dispose();
  }
});

/** A function whose every kind of place holds plain statements: branches, loops, a switch, #if arms, a label. */
const STATEMENT_FN = [
  'NDIS_STATUS G(PADAPTER a, NDIS_HANDLE h, ULONG n)',
  '{',
  '    NDIS_STATUS_INDICATION si;',
  '    ULONG i = 0;',
  '    NdisZeroMemory(&si, sizeof(si));',
  '    si.StatusCode = NDIS_STATUS_MEDIA_CONNECT;',
  '    a->Handler = MyHandler;',
  '    if (n > 2 && Ready(a)) {',
  '        si.Flags |= FLAG_ONE;',
  '        Other(h, n ? First(a) : Second(a));',
  '    } else if (n == 1)',
  '        Single(h);',
  '    else {',
  '        i++;',
  '    }',
  '    switch (n) {',
  '    case 1:',
  '        Case1(h);',
  '        break;',
  '    default:',
  '        Default(h, i);',
  '    }',
  '    while (i < n) { Loop(h, i); i++; if (Stop(a)) continue; }',
  '    for (i = 0; i < n; i++) Body(h);',
  '    do { Again(h); } while (More(a));',
  '#if DBG',
  '    Trace(a, n);',
  '#else',
  '    Quiet(a);',
  '#endif',
  '#ifdef EXTRA',
  '    Extra(a);',
  '#endif',
  '#if 0',
  '    Never(a);',
  '#endif',
  '    NdisMIndicateStatusEx(h, &si);',
  'out:',
  '    Finish(h, n);',
  '    return Result(a);',
  '}',
  '',
].join('\n');

/** What a function's facts hold, as data (its graph aside: one is built when asked for). */
function factsData(f: FileFacts): string {
  const fns = f.functions.map(({ cfg: _c, cfgSkipped: _s, noBody: _n, ...fn }) => ({ ...fn, locals: [...fn.locals] }));
  return JSON.stringify({ fns, registrations: f.fieldFunctionAssignments, aliases: f.handlerAliases, errors: f.errorRegions });
}

// A letter typed in a plain statement reads only that statement again (statementReread.ts): the function's
// facts must be those a read of the whole new text gives, offsets, branch regions and field registrations
// included, and its graph, when kept, the one a build gives.
test('a letter typed in a plain statement reads that statement alone, and the facts equal a fresh read', async () => {
  const text = STATEMENT_FN;
  const uri = 'file:///statement/g.c';
  const a = await createAnalyzer();
  const fresh = async (t: string) => {
    const b = await createAnalyzer();
    try {
      b.openFile(uri, t);
      return factsData(b.ws.files.get(uri)!);
    } finally {
      b.trees.dispose();
    }
  };
  const alone: string[] = [];
  try {
    a.openFile(uri, text);
    const marks = ['NdisZeroMemory(&si', 'NDIS_STATUS_MEDIA_CONNECT', 'MyHandler', 'FLAG_ONE', 'First(a', 'Second(a', 'Single(h', '        i', 'Case1(h', 'Default(h, i', 'Loop(h, i', 'Body(h', 'Again(h', 'Trace(a, n', 'Quiet(a', 'Extra(a', 'Never(a', 'StatusEx(h, &si', 'Finish(h, n', 'Result(a', 'break', 'continue', 'Stop(a'];
    for (const mark of marks) {
      const before = a.ws.files.get(uri)!.functions[0];
      a.cfgOf(before);
      const at = text.indexOf(mark) + mark.length;
      const count = statementsReread();
      const typed = text.slice(0, at) + 'x' + text.slice(at);
      a.openFile(uri, typed, { start: at, oldEnd: at, newEnd: at + 1 });
      if (statementsReread() > count) alone.push(mark);
      assert.equal(factsData(a.ws.files.get(uri)!), await fresh(typed), `x typed after ${mark}`);
      const fn = a.ws.files.get(uri)!.functions[0];
      if (fn.cfg) assert.deepEqual(fn.cfg, await graphBuiltFrom(uri, typed), `graph after x typed after ${mark}`);
      a.cfgOf(fn);
      a.openFile(uri, text, { start: at, oldEnd: at + 1, newEnd: at });
      assert.equal(factsData(a.ws.files.get(uri)!), await fresh(text), `x deleted after ${mark}`);
    }
    // Read whole: a letter in the never compiled arm (the walk skips it). A letter in `break` makes it an
    // expression statement: the same facts, a graph built again.
    // A letter in an `if` condition reads the function whole too.
    assert.deepEqual(alone, marks.filter((m) => m !== 'Never(a' && m !== 'Stop(a'));
  } finally {
    a.trees.dispose();
  }
});

// A blank typed inside a statement mostly leaves the facts as they were but for offsets (openFacts.movedOnly):
// the graph is then the old one moved when the statement is a plain one (cfgReuse.ts), built again
// otherwise, and either way the graph a build from the new tree gives.
test('a blank typed inside a statement keeps the facts and a graph equal to one built again', async () => {
  const text = GRAPH_FN;
  const uri = 'file:///graph/blank.c';
  const a = await createAnalyzer();
  const graphOf = (t: string) => graphBuiltFrom(uri, t);
  const kept: string[] = [];
  try {
    a.openFile(uri, text);
    for (const mark of ['Send(h,', 'Other(h,', 'Work(', 'LOG(h,', 'BAIL(', 'n >', 'Finish(h,']) {
      const before = a.ws.files.get(uri)!.functions[0];
      a.cfgOf(before);
      const labels = before.cfg?.labels;
      const at = text.indexOf(mark) + mark.length;
      const typed = text.slice(0, at) + ' ' + text.slice(at);
      a.openFile(uri, typed, { start: at, oldEnd: at, newEnd: at + 1 });
      const fn = a.ws.files.get(uri)!.functions[0];
      // (A moved graph shares the old one's map of labels.)
      if (fn.cfg && fn.cfg.labels === labels) kept.push(mark);
      if (!fn.cfg) a.cfgOf(fn);
      assert.deepEqual(fn.cfg, await graphOf(typed), `blank typed after ${mark}`);
      a.openFile(uri, text, { start: at, oldEnd: at + 1, newEnd: at });
      const back = a.ws.files.get(uri)!.functions[0];
      if (!back.cfg) a.cfgOf(back);
      assert.deepEqual(back.cfg, await graphOf(text), `blank deleted after ${mark}`);
    }
    // Moved: the facts kept (`Work( h)`, the macro uses, whose arguments read the same), or read again where
    // a fact's text holds the blank (`Send(h,  n)`); `n  > 2` is a condition, and its graph is built again.
    assert.deepEqual(kept, ['Send(h,', 'Other(h,', 'Work(', 'LOG(h,', 'BAIL(', 'Finish(h,']);
  } finally {
    a.trees.dispose();
  }
});

// A kept finding located by the walk (a macro use that returns, shiftFacts.locWithin) follows blanks typed
// inside its location: its end moves with them. (Found by the random-edit harness: a blank typed in
// `RETURN_IF_FAILED( Status)` once an annotation line was typed in the body left the end behind.)
test('a kept finding\'s location grows with blanks typed inside it', async () => {
  const { a, doc } = await openFixture('test/fixtures/rules/protocol-pause-without-resume', 'fail-macro-return');
  try {
    for (const [mark, typed] of [['Status = MpBindPort', '_Function_class_(MINIPORT_ISR)\n    '], ['RETURN_IF_FAILED(', ' '], ['RETURN_IF_FAILED(', '  ']]) {
      // (The use, after the #define of the same name.)
      const at = doc.text.lastIndexOf(mark) + (typed.startsWith('_') ? 0 : mark.length);
      doc.text = doc.text.slice(0, at) + typed + doc.text.slice(at);
      a.openFile(doc.uri, doc.text, { start: at, oldEnd: at, newEnd: at + typed.length });
      await sameAsFresh(a, [doc], `${JSON.stringify(typed)} typed at ${mark}`);
    }
  } finally {
    a.trees.dispose();
  }
});

// A value followed along the paths of its function carries the branch it took ("branch taken: !(fatal)"),
// a location worked out from the control-flow graph and kept with the value across edits: an edit above
// the function must move it with the function (it stayed behind by the edit's length before).
test('a kept value path step moves with its function after an edit above it', async () => {
  const { a, doc, first: before } = await openFixture('test/fixtures/rules/offload-event-retrieve-reason', 'fail-reason-zero-on-one-path');
  try {
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

// Blanks and comments typed inside a function change none of its facts but their offsets: the old facts
// objects are kept, moved onto the new offsets (openFacts.ts, movedFacts.ts), so nothing kept on top of
// them is checked again. What is reported must still equal a fresh analysis, the branch steps worked out
// from the control-flow graph and a #define after the edit (moved with its parsed body) included; a
// letter typed changes the facts and gives new ones.
test('blanks and comments typed inside a function keep its facts, moved, and findings equal a fresh analysis', async () => {
  const [c] = loadCases('test/fixtures/rules/offload-event-retrieve-reason').filter((x) => x.name.includes('fail-reason-zero-on-one-path'));
  const macroUse = [
    'VOID Indicate(NDIS_HANDLE h, ULONG fatal)',
    '{',
    '    NDIS_STATUS_INDICATION si;',
    '    INIT_SI(&si, h);',
    '    if (fatal) {',
    '        si.StatusCode = NDIS_STATUS_MEDIA_CONNECT;',
    '    }',
    '    NdisMIndicateStatusEx(h, &si);',
    '}',
    '#define INIT_SI(p, hh) do { NdisZeroMemory((p), sizeof(*(p))); (p)->Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION; (p)->SourceHandle = (hh); } while (0)',
  ].join('\n');
  const samples = [
    // A comment inside `if (fatal)` changes the condition's text (a branch step quotes it): new facts there.
    { uri: c.sources[0].uri, text: c.sources[0].text, marks: ['if (fatal)', 'reason = Hard', 'Adapter->TcpHandlers', ', reason)'], inCondition: 'fatal) {' },
    // One node at file level holds the function and the #define after it (as a guard around a whole file does).
    { uri: 'file:///moved/guarded.c', text: `#include <ndis.h>\n#ifdef NDIS_MINIPORT_DRIVER\n${macroUse}\n#endif\n`, marks: ['INIT_SI(&si', 'if (fatal)', 'NdisMIndicateStatusEx(h'], inCondition: 'fatal) {' },
  ];
  for (const doc of samples) {
    const a = await createAnalyzer();
    try {
      a.openFile(doc.uri, doc.text);
      const first = await sameAsFresh(a, [doc], `${doc.uri}: first analysis`);
      assert.ok(first.length > 0, `${doc.uri} has findings`);
      for (const mark of [...doc.marks, doc.inCondition]) {
        for (const typed of ['\n', ' ', '  /* note */ ', '\n\n    // why\n']) {
          const facts = a.ws.files.get(doc.uri);
          const fn = facts?.functions[0];
          const at = doc.text.indexOf(mark);
          assert.ok(at > 0, mark);
          doc.text = doc.text.slice(0, at) + typed + doc.text.slice(at);
          a.openFile(doc.uri, doc.text, { start: at, oldEnd: at, newEnd: at + typed.length });
          const what = `${JSON.stringify(typed)} before ${mark}`;
          // (Blanks at the condition's parentheses leave its text as a step quotes it: `( fatal)` reads `fatal`.)
          // Only a graph made before (for values followed along paths) holds the text: the first sample's.
          const graphText = !!fn?.cfg;
          if (doc === samples[0]) assert.ok(graphText, 'the first sample follows values along its graph');
          if (mark === doc.inCondition && /\S/.test(typed) && graphText) {
            assert.notEqual(a.ws.files.get(doc.uri), facts, `${what}: new facts`);
            // The graph built to compare with the old one is the new function's (not built a second time).
            assert.ok(a.ws.files.get(doc.uri)?.functions[0].cfg, `${what}: the new function has its graph`);
          } else {
            assert.equal(a.ws.files.get(doc.uri), facts, `${what}: the same facts`);
            assert.equal(a.ws.files.get(doc.uri)?.functions[0], fn, `${what}: the same function`);
          }
          await sameAsFresh(a, [doc], `${doc.uri}: ${what}`);
        }
      }
      const facts = a.ws.files.get(doc.uri);
      const at = doc.text.indexOf('fatal)');
      doc.text = doc.text.slice(0, at) + 'x' + doc.text.slice(at);
      a.openFile(doc.uri, doc.text, { start: at, oldEnd: at, newEnd: at + 1 });
      assert.notEqual(a.ws.files.get(doc.uri), facts, 'a letter typed gives new facts');
      await sameAsFresh(a, [doc], `${doc.uri}: a letter typed`);
    } finally {
      a.trees.dispose();
    }
  }
});

// A block around a whole file (`#if (P2P_SUPPORT == 1)` ... `#endif`, an include guard) is read per node
// of the block, so that an edit inside reads again only what it touched (openFacts.ts); a change to a
// directive line (`#if 0` now) reads the block again whole. After random edits, preprocessor lines
// among them, the findings, the functions and the parse-error regions must equal a fresh read.
test('edits inside and around #if blocks at file level give what a fresh analysis gives', async () => {
  const guards = ['#ifdef NDIS60', '#if (SUPPORT == 1)', '#ifndef DRIVER_H'];
  const docs = loadCases('examples').flatMap((c) => c.sources).map((s, i) => {
    const lines = s.text.split('\n');
    const k = Math.max(0, lines.findIndex((l) => /^\w.*\(/.test(l)));
    lines.splice(k, 0, guards[i % guards.length]);
    lines.push('#else', 'int unused;', '#endif');
    return { uri: s.uri, text: lines.join('\n') };
  });
  const typed = [...EDITS, '#if 0\n', '#endif\n', '#else\n', '#ifdef X\n', '0', 'x'];
  const facts = (a: Analyzer, uri: string) => {
    const f = a.ws.files.get(uri)!;
    return JSON.stringify({ functions: f.functions.map((fn) => `${fn.name}@${fn.span.start}`), macros: f.macros.map((m) => m.name), errors: f.errorRegions });
  };
  const a = await createAnalyzer();
  try {
    for (const d of docs) a.openFile(d.uri, d.text);
    a.analyze();
    const rnd = prng(3); // (this seed types an unclosed block whose made-up `#endif` sits at the end of the file)
    for (let step = 0; step < 60; step++) {
      const d = docs[Math.floor(rnd() * docs.length)];
      let at = Math.floor(rnd() * d.text.length);
      if (rnd() < 0.5) at = d.text.lastIndexOf('\n', at) + 1; // at a line start, where a directive can go
      const del = rnd() < 0.2 ? Math.floor(rnd() * 6) : 0;
      const t = typed[Math.floor(rnd() * typed.length)];
      const before = d.text;
      d.text = before.slice(0, at) + t + before.slice(at + del);
      a.openFile(d.uri, d.text, step % 2 ? { start: at, oldEnd: Math.min(before.length, at + del), newEnd: at + t.length } : undefined);
      const fresh = await createAnalyzer();
      try {
        for (const x of docs) fresh.openFile(x.uri, x.text);
        assert.deepEqual(show([...a.analyze().values()].flat()), show([...fresh.analyze().values()].flat()), `after edit ${step}`);
        assert.equal(facts(a, d.uri), facts(fresh, d.uri), `facts after edit ${step} (${JSON.stringify(t)} at ${at})`);
      } finally {
        fresh.trees.dispose();
      }
    }
  } finally {
    a.trees.dispose();
  }
});

// Editing a function inside an include guard leaves the header's other declarations as they were: the
// same objects (what other files' results read through them stays valid).
test('an edit inside a guarded file keeps the objects of the declarations it did not touch', async () => {
  const uri = 'file:///guarded/driver.h';
  let text = [
    '#ifndef DRIVER_H',
    '#define DRIVER_H',
    '#define MP_INIT(p) NdisZeroMemory((p), sizeof(*(p)))',
    'typedef struct _ADAPTER { NDIS_HANDLE Handle; } ADAPTER, *PADAPTER;',
    'VOID MpFirst(PADAPTER a) { MpHelper(a); }',
    'VOID MpSecond(PADAPTER a) { MpHelper(a); }',
    '#endif',
    '',
  ].join('\n');
  const a = await createAnalyzer();
  try {
    a.openFile(uri, text);
    const macro = a.ws.macro('MP_INIT');
    const second = a.ws.functionsNamed('MpSecond')[0];
    assert.ok(macro && second);
    const at = text.indexOf('MpHelper(a); }');
    text = text.slice(0, at) + 'Other' + text.slice(at);
    a.openFile(uri, text, { start: at, oldEnd: at, newEnd: at + 5 });
    assert.equal(a.ws.functionsNamed('MpFirst')[0].calls[0].name, 'OtherMpHelper', 'the edited function is read again');
    assert.equal(a.ws.macro('MP_INIT'), macro, 'the #define is the same object');
    assert.equal(a.ws.functionsNamed('MpSecond')[0], second, 'the other function is the same object, moved');
    assert.equal(second.span.start, text.indexOf('VOID MpSecond'));
  } finally {
    a.trees.dispose();
  }
});

// Text typed inside a comment between statements changes no fact: the facts are kept without reading the
// function again. A comment above a function is different: the text before a definition holds its
// annotations, and `_Function_class_(MINIPORT_ISR)` typed there makes the function an interrupt
// service routine (an IRQL finding at its indication), as a fresh analysis says.
test('typing inside comments keeps the facts, unless it changes the annotations before a function', async () => {
  const uri = 'file:///comments/status.c';
  let text = [
    '// Status indications.',
    '#include <ndis.h>',
    'VOID Indicate(NDIS_HANDLE h)',
    '{',
    '    NDIS_STATUS_INDICATION si;',
    '    // Filled in below.',
    '    NdisZeroMemory(&si, sizeof(si));',
    '    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;',
    '    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;',
    '    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;',
    '    si.SourceHandle = h;',
    '    si.StatusCode = NDIS_STATUS_MEDIA_CONNECT;',
    '    NdisMIndicateStatusEx(h, &si);',
    '}',
    '',
  ].join('\n');
  const a = await createAnalyzer();
  const type = (at: number, s: string) => {
    text = text.slice(0, at) + s + text.slice(at);
    a.openFile(uri, text, { start: at, oldEnd: at, newEnd: at + s.length });
  };
  try {
    a.openFile(uri, text);
    await sameAsFresh(a, [{ uri, text }], 'first analysis');
    const facts = a.ws.files.get(uri);
    type(text.indexOf('below.'), 'right ');
    assert.equal(a.ws.files.get(uri), facts, 'a word typed in the comment inside the function: the same facts');
    type(text.indexOf('    NdisZeroMemory'), '\n');
    assert.equal(a.ws.files.get(uri), facts, 'a line break between two statements: the same facts');
    await sameAsFresh(a, [{ uri, text }], 'after typing in the body');
    const before = (await sameAsFresh(a, [{ uri, text }], 'before the annotation')).filter((f) => f.includes('indication/irql'));
    assert.equal(before.length, 0);
    type(text.indexOf('indications.'), '_Function_class_(MINIPORT_ISR) ');
    const after = (await sameAsFresh(a, [{ uri, text }], 'after the annotation typed in the comment above')).filter((f) => f.includes('indication/irql'));
    assert.equal(after.length, 1, 'the function is now an interrupt service routine');
  } finally {
    a.trees.dispose();
  }
});

// An edit that moves offsets only leaves the workspace's generation as it was, and the analysis keeps
// what it found (Analyzer.run): the protocol walk's findings, whose locations come from the control-flow
// graph (the return, the branch taken), must still point where the code now is, on every line of the path.
test('findings kept across blank edits inside a walked function point where the code is', async () => {
  const docs = loadCases('examples').flatMap((c) => c.sources).map((s) => ({ uri: s.uri, text: s.text }));
  const doc = docs.find((d) => d.uri.endsWith('status.c'))!;
  const a = await createAnalyzer();
  try {
    for (const d of docs) a.openFile(d.uri, d.text);
    const first = await sameAsFresh(a, docs, 'first analysis');
    assert.ok(first.some((f) => f.includes('protocol/pause-without-resume') && f.includes('branch taken')), 'a walked finding with a branch step');
    const generation = a.ws.generation;
    for (const [mark, typed] of [['    if (!Adapter->PortLinkUp', '\n'], ['return NDIS_STATUS_FAILURE', '  '], ['    NdisResetEvent', '\n\n'], ['ContosoIndicateStatus(Adapter, NDIS_STATUS_OFFLOAD_PAUSE', ' '], ['Reconfigure for', 'why: '], ['    return NDIS_STATUS_SUCCESS', '\n']] as const) {
      const at = doc.text.indexOf(mark);
      assert.ok(at > 0, mark);
      doc.text = doc.text.slice(0, at) + typed + doc.text.slice(at);
      a.openFile(doc.uri, doc.text, { start: at, oldEnd: at, newEnd: at + typed.length });
      await sameAsFresh(a, docs, `${JSON.stringify(typed)} before ${mark}`);
    }
    assert.equal(a.ws.generation, generation, 'no edit changed what a lookup answers');
  } finally {
    a.trees.dispose();
  }
});

/** Six small files beside the ones a test edits: enough that an edit updates the workspace index in place (a small workspace's is rebuilt). */
function fillers(folder: string): { uri: string; text: string }[] {
  return Array.from({ length: 6 }, (_, i) => ({ uri: `file:///${folder}/other${i}.c`, text: `int Other${i}(void) { return ${i}; }\n` }));
}

/** An analyzer with `text` open as `folder/name`, the fillers beside it. */
async function openBesideFillers(folder: string, name: string, text: string): Promise<{ a: Analyzer; doc: { uri: string; text: string } }> {
  const a = await createAnalyzer();
  const doc = { uri: `file:///${folder}/${name}`, text };
  a.openFile(doc.uri, doc.text);
  for (const f of fillers(folder)) a.setFile(f.uri, f.text);
  return { a, doc };
}

/** Replaces the first `from` of the open document with `to`, telling the analyzer the span as the editor does. */
function replaceIn(a: Analyzer, doc: { uri: string; text: string }, from: string, to: string): void {
  const at = doc.text.indexOf(from);
  assert.ok(at >= 0, from);
  doc.text = doc.text.slice(0, at) + to + doc.text.slice(at + from.length);
  a.openFile(doc.uri, doc.text, { start: at, oldEnd: at + from.length, newEnd: at + to.length });
}

// A whole-workspace index (the roles, the handle index, the IRQL pass) is made again in a new generation
// only when a lookup it made answers differently (WorkspaceIndex.derived); one that looks through every
// file is made again each time. The findings equal a fresh analysis either way (the tests above).
test('a derived index is made again only when what it looked up changed', async () => {
  const { a, doc } = await openBesideFillers('derived', 'a.c', 'int Foo(int x) { return x; }\nint Bar(int y) { return y + 1; }\n');
  let made = 0;
  let everyFile = 0;
  const probe = () => a.ws.derived('test-probe', () => (made++, a.ws.functionsNamed('Foo').length), (x, y) => x === y);
  const scan = () => a.ws.derived('test-scan', () => (everyFile++, a.ws.filesInOrder().length), (x, y) => x === y);
  try {
    probe();
    scan();
    assert.deepEqual([made, everyFile], [1, 1]);
    replaceIn(a, doc, 'y + 1', 'y + 2'); // Bar changes: Foo's definitions are the same
    probe();
    scan();
    assert.deepEqual([made, everyFile], [1, 2], 'Bar edited: the probe is kept, the scan made again');
    replaceIn(a, doc, 'return x;', 'return x + 0;'); // Foo itself changes
    probe();
    assert.equal(made, 2, 'Foo edited: the probe is made again');
  } finally {
    a.trees.dispose();
  }
});

// A kept result asks its lookups again after an edit only when some answer of their kinds may have
// changed (WorkspaceIndex.keep): one that read only #defines is valid after a letter typed in a function
// without asking, and is made again when a #define changes.
test('kept results of #define and function-name lookups stay valid without asking them after an edit in a function, and not after a #define or a definition changes', async () => {
  const { a, doc } = await openBesideFillers('kinds', 'a.c', '#define CODE 5\nint Foo(int x) { return Bar(x); }\n');
  const ws = a.ws as unknown as { answer: (kind: string, name: string) => unknown };
  const answer = ws.answer;
  const asked: string[] = [];
  ws.answer = function (this: unknown, kind: string, name: string) {
    asked.push(`${kind}:${name}`);
    return answer.call(this, kind, name);
  };
  let made = 0;
  let kept: Kept<string> | undefined;
  const probe = () => (kept = a.ws.keep(kept, () => (made++, a.ws.macro('CODE')?.body ?? ''))).value;
  // A site's status code values, as the event index and the checks read them after every edit.
  const codes: Value[] = [{ expr: 'CODE', how: 'assign', loc: { uri: doc.uri, start: 0, end: 4 }, via: [] }];
  const number = () => readCodes(codes, a.ws)[0]?.number;
  try {
    assert.equal(probe(), '5');
    assert.equal(number(), 5);
    replaceIn(a, doc, 'Bar(x)', 'Bar(xy)'); // a letter in a function: no #define changed
    asked.length = 0;
    assert.equal(probe(), '5');
    assert.equal(number(), 5);
    assert.deepEqual([made, asked.filter((k) => k === 'macro:CODE')], [1, []], 'kept, its lookup not asked again');
    replaceIn(a, doc, 'CODE 5', 'CODE 6');
    assert.equal(probe(), '6');
    assert.equal(number(), 6);
    assert.equal(made, 2, 'a #define changed: asked again, and made again');
    // Whether a function is defined: an edit inside one leaves the answer; a new definition of the name changes it.
    let exists: Kept<boolean> | undefined;
    const defined = () => (exists = a.ws.keep(exists, () => a.ws.hasFunction('Bar'))).value;
    assert.equal(defined(), false);
    replaceIn(a, doc, 'Bar(xy)', 'Bar(xyz)');
    asked.length = 0;
    assert.equal(defined(), false);
    assert.deepEqual(asked.filter((k) => k === 'defined:Bar'), [], 'not asked again after a letter in a function');
    replaceIn(a, doc, 'int Foo(', 'int Bar(int y) { return y; }\nint Foo(');
    assert.equal(defined(), true, 'Bar defined now');
  } finally {
    ws.answer = answer;
    a.trees.dispose();
  }
});

// A pass over the workspace reads per-file lists (fileLists.ts) instead of every file's facts: a list is
// read again only for the files an edit changed, and its lookup answers differently only when some
// file's list did, so a derived value made from it is kept across the other edits.
test('a per-file list is read again for the changed files only, and moves only when a file\'s list did', async () => {
  const { a, doc } = await openBesideFillers('lists', 'b.c', 'MINIPORT_ISR MpIsr;\nint Foo(int x) { return x; }\n');
  let reads = 0;
  let made = 0;
  const roles = () =>
    a.ws.derived(
      'test-roles',
      () => (made++, a.ws.filesWith('test-roles', (f) => (reads++, f.roleDeclarations.map((d) => d.name))).map((f) => `${f.uri.split('/').pop()}:${f.items.join(',')}`)),
      (x, y) => x.join() === y.join(),
    );
  try {
    assert.deepEqual(roles(), ['b.c:MpIsr']);
    assert.deepEqual([reads, made], [7, 1], 'every file read once');
    replaceIn(a, doc, 'return x;', 'return x + 1;');
    assert.deepEqual(roles(), ['b.c:MpIsr']);
    assert.deepEqual([reads, made], [8, 1], 'Foo edited: b.c read again, its list the same, the value kept');
    replaceIn(a, doc, 'MpIsr;', 'MpIsr2;');
    assert.deepEqual(roles(), ['b.c:MpIsr2']);
    assert.deepEqual([reads, made], [9, 2], 'the declaration edited: the list moved, the value made again');
    a.setFile('file:///lists/a.c', 'MINIPORT_ISR Early;\n');
    assert.deepEqual(roles(), ['a.c:Early', 'b.c:MpIsr2'], 'a new file in uri order');
    assert.deepEqual([reads, made], [10, 3], 'only the new file read');
    a.removeFile('file:///lists/a.c');
    assert.deepEqual(roles(), ['b.c:MpIsr2'], 'a file gone');
    assert.deepEqual([reads, made], [10, 4], 'nothing read for a file gone');
  } finally {
    a.trees.dispose();
  }
});

// The functions that may hold a site are found through the callers of the handler's names and aliases
// (sites.ts): an alias assigned in one file makes the calls through it in another file, unchanged, sites.
test('an alias of the event handler typed in one file makes calls of it in another file sites', async () => {
  const a = await createAnalyzer();
  const head = '#include <ndis.h>\n#include <ndischimney.h>\ntypedef struct _ADAPTER { NDIS_TCP_OFFLOAD_EVENT_INDICATE NdisTcpOffloadEventHandler; } ADAPTER, *PADAPTER;\nNDIS_TCP_OFFLOAD_EVENT_INDICATE Indicate;\n';
  const setup = { uri: 'file:///alias/setup.c', text: `${head}VOID Setup(PADAPTER Adapter)\n{\n    Adapter->NdisTcpOffloadEventHandler = NULL;\n}\n` };
  const user = { uri: 'file:///alias/user.c', text: `${head}VOID OnRst(NDIS_HANDLE h)\n{\n    Indicate(h, 5, 0);\n}\n` };
  const docs = [setup, user, ...fillers('alias')];
  try {
    for (const d of docs) a.openFile(d.uri, d.text);
    const rules = async () => (await sameAsFresh(a, docs, 'alias')).filter((l) => l.startsWith('user.c'));
    assert.deepEqual(await rules(), [], 'no alias: no site in user.c');
    replaceIn(a, setup, 'Adapter->NdisTcpOffloadEventHandler = NULL;', 'Indicate = Adapter->NdisTcpOffloadEventHandler;');
    assert.ok((await rules()).some((l) => l.includes('offload-event/event-type')), 'the alias makes the call in user.c a site');
  } finally {
    a.trees.dispose();
  }
});

// An edit of a file that declares an alias of the event handler, elsewhere in the file, leaves the set of
// aliases as it was: what read it (here a derived probe) is not made again (WorkspaceIndex.redeclare).
test('an edit that keeps a file\'s handler aliases leaves what read them kept', async () => {
  const a = await createAnalyzer();
  const doc = { uri: 'file:///aliases/a.c', text: 'VOID Setup(PADAPTER Adapter)\n{\n    Indicate = Adapter->NdisTcpOffloadEventHandler;\n}\nint Other(int y) { return y + 1; }\n' };
  a.openFile(doc.uri, doc.text);
  for (const f of fillers('aliases')) a.setFile(f.uri, f.text);
  let made = 0;
  const probe = () => a.ws.derived('test-aliases', () => (made++, [...a.ws.handlerNames()].join()), (x, y) => x === y);
  try {
    assert.equal(probe(), 'Indicate');
    replaceIn(a, doc, 'y + 1', 'y + 2');
    assert.equal(probe(), 'Indicate');
    assert.equal(made, 1, 'the aliases are the same: the probe is kept');
  } finally {
    a.trees.dispose();
  }
});
