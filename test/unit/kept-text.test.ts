// A file read from disk keeps its text once, through the blanked text its facts were read from
// (parse/keptText.ts): the original must come back character for character, whatever blanking changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blank } from '../../server/src/parse/blank';
import { BlankedText, textOf } from '../../server/src/parse/keptText';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';

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
