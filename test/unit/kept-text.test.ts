// A file read from disk keeps its text once, through the blanked text its facts were read from
// (parse/keptText.ts): the original must come back character for character, whatever blanking changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blank } from '../../server/src/parse/blank';
import { BlankedText, textOf } from '../../server/src/parse/keptText';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';
import type { Finding } from '../../server/src/analysis/findings';

/** How many times `f` makes a read file's text again from its blanked twin. */
function textsMade(f: () => void): number {
  const made = BlankedText.prototype.toString;
  let count = 0;
  BlankedText.prototype.toString = function (this: BlankedText) {
    count++;
    return made.call(this);
  };
  try {
    f();
  } finally {
    BlankedText.prototype.toString = made;
  }
  return count;
}

const annotated = [
  'NDIS_STATUS NTAPI\r\nMiniportInit(IN NDIS_HANDLE h, _In_reads_bytes_(n) PVOID p, OUT PULONG n)\r\n{\r\n',
  '    /* an unclosed comment opener follows at the end */\r\n    return NDIS_STATUS_SUCCESS;\r',
  'old mac line\r}\n(( unmatched [ /* never closed',
].join('');

test('the original text comes back from its blanked twin, and a text blanking left alone is kept as it is', () => {
  const blanked = blank(annotated).text.toString();
  assert.notEqual(blanked, annotated, 'the fixture has something to blank');
  const kept = BlankedText.keep(annotated, blanked);
  assert.ok(kept instanceof BlankedText);
  assert.equal(textOf(kept), annotated);
  const plain = 'int f(void) { return 0; }\n';
  assert.equal(BlankedText.keep(plain, blank(plain).text.toString()), plain);
  // Runs at both ends.
  assert.equal(textOf(BlankedText.keep('IN x OUT', '   x    ')), 'IN x OUT');
});

test("the analyzer gives a read file's own text back, annotations and line endings included", async () => {
  const a = await createAnalyzer();
  const uri = 'file:///w/init.c';
  a.setFile(uri, annotated);
  assert.equal(a.textOf(uri), annotated);
  a.analyze();
  assert.equal(a.textOf(uri), annotated);
  // Opened afterwards, the editor's text is kept as given.
  a.openFile(uri, annotated + '\n');
  assert.equal(a.textOf(uri), annotated + '\n');
});

test('an analysis makes a read file\'s text again once, however many of its functions need a graph', async () => {
  // Each function's status code is a local written on two branches: followed along its graph, which a
  // file read from disk builds from a parse made for the analysis (found by the fuzz harness: the text
  // made again for every function, 3.6 s for one 250 KB file of thousands of functions).
  const fn = (i: number) =>
    `VOID Indicate${i}(IN NDIS_HANDLE h, IN BOOLEAN up)\n{\n    NDIS_STATUS_INDICATION si;\n    NDIS_STATUS s;\n` +
    `    if (up) s = NDIS_STATUS_MEDIA_CONNECT; else s = NDIS_STATUS_MEDIA_DISCONNECT;\n    si.StatusCode = s;\n    NdisMIndicateStatusEx(h, &si);\n}\n`;
  const text = Array.from({ length: 40 }, (_, i) => fn(i)).join('\n');
  const a = await createAnalyzer();
  let findings: Finding[] = [];
  const count = textsMade(() => {
    a.setFile('file:///w/many.c', text);
    findings = a.analyze().get('file:///w/many.c') ?? [];
  });
  assert.ok(findings.length >= 40, `a finding per function (${findings.length})`);
  assert.ok(count >= 1 && count <= 2, `the text was made ${count} times`);
});

test("findings found again in files read from disk keep their fixes without making the files' texts again", async () => {
  // The bundled sample, read from disk: its findings' fixes are made concrete from the files' texts once;
  // an edit elsewhere (another file opened) finds them again, the protocol ones as new objects.
  const dir = 'examples/contoso-offload';
  const a = await createAnalyzer();
  for (const f of readdirSync(dir).filter((n) => /\.[ch]$/.test(n))) a.setFile(`file:///sample/${f}`, readFileSync(join(dir, f), 'utf8'));
  const fixesOf = (r: Map<string, Finding[]>) => [...r.values()].flat().flatMap((f) => f.fixes.map((x) => `${f.rule} ${x.title} ${x.range.start.line} ${x.newText}`)).sort();
  const first = fixesOf(a.analyze());
  assert.ok(first.length >= 3, `the sample's findings have fixes (${first.length})`);
  try {
    let again: string[] = [];
    const count = textsMade(() => {
      a.openFile('file:///sample/other.c', 'int other;\n');
      again = fixesOf(a.analyze());
    });
    assert.deepEqual(again, first);
    assert.equal(count, 0, 'no text made again');
  } finally {
    a.trees.dispose();
  }
});
