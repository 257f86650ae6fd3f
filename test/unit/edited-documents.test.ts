// The editor's documents keep the span of the change that made their current version
// (lsp/editedDocuments.ts): the analysis trusts it instead of comparing whole texts, so it must be
// exactly the span that changed, and absent when a change was not one range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editedDocuments, lastEdit } from '../../server/src/lsp/editedDocuments';
import { prng } from '../helpers/random';

test('each one-range change leaves the span it replaced, in offsets of the text before it', () => {
  const rnd = prng(3);
  let doc = editedDocuments.create('file:///w/a.c', 'c', 1, 'int a;\r\nint b;\nvoid f(void) {\n  g();\n}\n');
  assert.equal(lastEdit(doc), undefined, 'a new document has no edit');
  for (let v = 2; v < 300; v++) {
    const before = doc.getText();
    const s = Math.floor(rnd() * (before.length + 1));
    const e = Math.min(before.length, s + (rnd() < 0.5 ? 0 : Math.floor(rnd() * 12)));
    const typed = ['x', '\n', '', '\r\n', 'NDIS_STATUS_SUCCESS', '{\n  ;\n}'][Math.floor(rnd() * 6)];
    doc = editedDocuments.update(doc, [{ range: { start: doc.positionAt(s), end: doc.positionAt(e) }, text: typed }], v);
    const after = doc.getText();
    const edit = lastEdit(doc);
    assert.ok(edit, `version ${v}`);
    assert.equal(after, before.slice(0, edit.start) + after.slice(edit.start, edit.newEnd) + before.slice(edit.oldEnd), `version ${v}`);
    assert.equal(after.slice(edit.start, edit.newEnd), typed);
  }
});

test('several changes at once, or a whole new text, leave no edit (the analysis compares the texts)', () => {
  let doc = editedDocuments.create('file:///w/a.c', 'c', 1, 'int a;\nint b;\n');
  doc = editedDocuments.update(doc, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }], 2);
  assert.ok(lastEdit(doc));
  doc = editedDocuments.update(
    doc,
    [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'y' },
    ],
    3,
  );
  assert.equal(lastEdit(doc), undefined);
  doc = editedDocuments.update(doc, [{ text: 'int c;\n' }], 4);
  assert.equal(lastEdit(doc), undefined);
  assert.equal(doc.getText(), 'int c;\n');
});
