// server/src/parse/document.ts: a document edited step by step through
// ParsedDocument.update (incremental re-parse from the edited old tree) must end
// up with the same tree as a fresh parse of the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Node, Parser } from 'web-tree-sitter';
import { ParsedDocument } from '../../server/src/parse/document';
import { blankAnnotations } from '../../server/src/parse/blank';
import { lineStarts } from '../../server/src/parse/lines';
import { getParser } from '../../server/src/parse/parser';
import { prng } from '../helpers/random';

const ROOT = resolve(__dirname, '../../..');
const BASE = readFileSync(join(ROOT, 'test/fixtures/rules/indication-status-code/fail-misspelled-pause.c'), 'utf8');

/** mulberry32: small, seeded, reproducible. */

// What people type into driver code, including things that change the blanking
// around them (annotations, IN/OUT, keyword aliases), comments and strings that
// swallow the rest of a line, unbalanced brackets, and non-ASCII characters.
const SNIPPETS = [
  ' ', '\n', '\r\n', '\t', ';', '{', '}', '(', ')', ',', '*', '&', '->', '.', '"', "'", '/*', '*/', '//', '#',
  'x', 'Adapter', 'si.StatusCode = ', 'NDIS_STATUS_SUCCESS', 'NDIS_STATUS_OFFLOAD_PAUSE', 'NdisMIndicateStatusEx(h, &si);',
  '_In_ ', '_In_opt_', 'IN ', 'OUT', 'OPTIONAL', '_IRQL_requires_max_(DISPATCH_LEVEL)\n', '_Use_decl_annotations_\n', '__in_bcount(n) ',
  'CONST ', 'WHILE', 'VOLATILE', 'NTAPI ', 'if (x) {\n', '} else {\n', 'return;\n', '#define MP_X 1\n', '#if 0\n', '#endif\n',
  'é', 'ü', '€', '😀', '\u00a0', 'I', 'N', '_', 'In',
];

type Edit = { start: number; end: number; text: string };

function randomEdit(rnd: () => number, text: string): Edit {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const pos = () => Math.floor(rnd() * (text.length + 1));
  const r = rnd();
  const start = pos();
  if (r < 0.4) return { start, end: start, text: pick(SNIPPETS) }; // insert
  const len = Math.floor(rnd() * (r < 0.7 ? 8 : 40));
  const end = Math.min(text.length, start + len);
  if (r < 0.7) return { start, end, text: '' }; // delete
  // replace, sometimes with several snippets
  let s = pick(SNIPPETS);
  while (rnd() < 0.3) s += pick(SNIPPETS);
  return { start, end, text: s };
}

/** Node spans too, since the analysis maps findings through them. */
function spans(node: Node, out: string[] = [], depth = 0): string[] {
  out.push(`${'.'.repeat(depth)}${node.type} ${node.startIndex}-${node.endIndex} ${node.startPosition.row}:${node.startPosition.column}-${node.endPosition.row}:${node.endPosition.column}${node.isMissing ? ' MISSING' : ''}`);
  for (const c of node.children) if (c) spans(c, out, depth + 1);
  return out;
}

function firstDifference(a: string[], b: string[]): string {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `node #${i}: incremental ${JSON.stringify(a[i])} / fresh ${JSON.stringify(b[i])}`;
  return 'none';
}

interface Run {
  steps: { edit: Edit; text: string; same: boolean; sameSpans: boolean; sameBlanking: boolean; sameLines: boolean }[];
  final: string;
}

function run(parser: Parser, seed: number, steps: number, base: string): Run {
  const rnd = prng(seed);
  const doc = new ParsedDocument(parser, base);
  let text = base;
  const log: Run['steps'] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const edit = randomEdit(rnd, text);
      text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
      doc.update(text);
      assert.equal(doc.text, text);
      const fresh = new ParsedDocument(parser, text);
      try {
        const same = doc.tree.rootNode.toString() === fresh.tree.rootNode.toString();
        const sameSpans = same && spans(doc.tree.rootNode).join('\n') === spans(fresh.tree.rootNode).join('\n');
        // The blanking redone around the edit and the moved line starts equal those of the whole text.
        const sameBlanking = doc.blankedText === blankAnnotations(text);
        const sameLines = lineStarts(text).every((s, k) => doc.lines.offset({ line: k, character: 0 }) === s) && doc.lines.count === lineStarts(text).length;
        log.push({ edit, text, same, sameSpans, sameBlanking, sameLines });
      } finally {
        fresh.dispose();
      }
    }
    return { steps: log, final: text };
  } finally {
    doc.dispose();
  }
}

function report(parser: Parser, r: Run, which: 'same' | 'sameSpans', base = BASE): string {
  const bad = r.steps.findIndex((s) => !s[which]);
  if (bad < 0) return '';
  const s = r.steps[bad];
  const before = bad === 0 ? base : r.steps[bad - 1].text;
  const inc = new ParsedDocument(parser, before);
  inc.update(s.text);
  const fresh = new ParsedDocument(parser, s.text);
  const a = which === 'same' ? [inc.tree.rootNode.toString()] : spans(inc.tree.rootNode);
  const b = which === 'same' ? [fresh.tree.rootNode.toString()] : spans(fresh.tree.rootNode);
  const single = which === 'same' ? inc.tree.rootNode.toString() === fresh.tree.rootNode.toString() : a.join('\n') === b.join('\n');
  inc.dispose();
  fresh.dispose();
  return (
    `first divergence at step ${bad} of ${r.steps.length}: edit ${JSON.stringify(s.edit)}\n` +
    `text before the edit: ${JSON.stringify(before.slice(Math.max(0, s.edit.start - 40), s.edit.end + 40))}\n` +
    `the same single edit from a fresh document ${single ? 'does NOT diverge (the damage is from earlier edits)' : 'diverges too'}\n` +
    `${firstDifference(a, b)}`
  );
}

test('200 seeded random edits through ParsedDocument.update give the tree of a fresh parse', async () => {
  const parser = await getParser();
  const r = run(parser, 20240531, 200, BASE);
  assert.equal(r.steps.length, 200);
  assert.ok(r.final !== BASE);
  // The run covers what it claims to: non-ASCII text and broken syntax along the way.
  assert.ok(r.steps.some((s) => /[^\x00-\x7f]/.test(s.text)), 'no step had non-ASCII text');
  assert.ok(r.steps.some((s) => /[\ud800-\udfff]/.test(s.text)), 'no step had a character outside the BMP');
  assert.ok(r.steps.some((s) => s.text.includes('\r\n')), 'no step had CRLF');
  assert.ok(r.steps.some((s) => s.edit.start !== s.edit.end && s.edit.text === ''), 'no deletion');
  const msg = report(parser, r, 'same');
  assert.equal(msg, '', msg);
  // And at the end, explicitly: the final text.
  const doc = new ParsedDocument(parser, BASE);
  const fresh = new ParsedDocument(parser, r.final);
  try {
    let text = BASE;
    for (const s of r.steps) {
      text = s.text;
      doc.update(text);
    }
    assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString());
  } finally {
    doc.dispose();
    fresh.dispose();
  }
});

/** Every rule fixture, one after the other: long enough that an edit re-blanks only a window of it. */
const LONG = readdirSync(join(ROOT, 'test/fixtures/rules'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .flatMap((d) => readdirSync(join(ROOT, 'test/fixtures/rules', d)).filter((f) => f.endsWith('.c')).map((f) => join(ROOT, 'test/fixtures/rules', d, f)))
  .sort()
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

test('in a long file, the blanking redone around each edit and the moved line starts equal those of the whole text', async () => {
  const parser = await getParser();
  assert.ok(LONG.length > 50000);
  for (const seed of [7, 77]) {
    const r = run(parser, seed, 150, LONG);
    const bad = r.steps.findIndex((s) => !s.sameBlanking || !s.sameLines);
    assert.equal(bad, -1, bad < 0 ? '' : `seed ${seed}, step ${bad}: edit ${JSON.stringify(r.steps[bad].edit)} blanking ${r.steps[bad].sameBlanking} lines ${r.steps[bad].sameLines}`);
    const msg = report(parser, r, 'sameSpans', LONG);
    assert.equal(msg, '', msg);
  }
});

test('node spans (offsets, rows, columns) also match a fresh parse after each edit', async () => {
  const parser = await getParser();
  const r = run(parser, 20240531, 200, BASE);
  const msg = report(parser, r, 'sameSpans');
  assert.equal(msg, '', msg);
});

test('five more seeds, 200 edits each', async () => {
  const parser = await getParser();
  const failures: string[] = [];
  for (const seed of [1, 2, 3, 42, 4242]) {
    const r = run(parser, seed, 200, BASE);
    const msg = report(parser, r, 'same');
    if (msg) failures.push(`seed ${seed}: ${msg}`);
  }
  assert.deepEqual(failures, []);
});

test('edits that switch blanking on and off far from the cursor', async () => {
  const parser = await getParser();
  const text = 'VOID\nf(\n    IN PADAPTER Adapter,\n    _In_ ULONG n\n    )\n{\n    CONST ULONG a = n;\n    WHILE (a) { }\n}\n';
  const doc = new ParsedDocument(parser, text);
  try {
    const steps = [
      text.replace('IN PADAPTER', 'INX PADAPTER'), // IN stops being an annotation
      text.replace('IN PADAPTER', 'IN PADAPTER'),
      text.replace('_In_ ULONG', '_In ULONG'),
      text.replace('CONST', 'CONSTX').replace('WHILE', 'WHILEX'),
      '#define X\n' + text,
      text.replace('{\n    CONST', '{\n    /* CONST').replace('WHILE (a) { }', '*/ WHILE (a) { }'),
      text,
    ];
    for (const t of steps) {
      doc.update(t);
      const fresh = new ParsedDocument(parser, t);
      try {
        assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString(), JSON.stringify(t));
        assert.equal(spans(doc.tree.rootNode).join('\n'), spans(fresh.tree.rootNode).join('\n'), JSON.stringify(t));
      } finally {
        fresh.dispose();
      }
    }
  } finally {
    doc.dispose();
  }
});

// tree-sitter reports the blanks typed right after a token (`a++; `) as a changed range of their own.
// That alone is no change of syntax: the open file's facts are then kept, moved (openFacts.ts
// acrossBlanks), instead of its function being read again. A token typed there is one.
test('blanks typed right after a statement are no change of syntax; a token typed there is', async () => {
  const parser = await getParser();
  const text = 'int F(int a)\n{\n    a++;\n    return a;\n}\n';
  const doc = new ParsedDocument(parser, text);
  try {
    const at = text.indexOf('a++;') + 4;
    for (const typed of [' ', '\t', '\n', '  ', 'b']) {
      doc.update(text.slice(0, at) + typed + text.slice(at), { start: at, oldEnd: at, newEnd: at + typed.length });
      assert.equal(doc.lastChange?.structural, typed === 'b', `${JSON.stringify(typed)} typed after a++;`);
      doc.update(text, { start: at, oldEnd: at + typed.length, newEnd: at });
    }
  } finally {
    doc.dispose();
  }
});
