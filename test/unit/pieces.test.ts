// The blanked text of an open document is kept in pieces (parse/pieces.ts): every way the parser and the
// document read it must give the characters the joined text has, through any chain of splices, and the
// parser must build the tree it builds from the joined text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pieces } from '../../server/src/parse/pieces';
import { getParser, parseText } from '../../server/src/parse/parser';
import { prng } from '../helpers/random';

test('splices, slices and reads from an offset give the characters of the joined text', () => {
  const rnd = prng(31);
  let model = 'int a;\nvoid f(void) {\n  g(1, 2);\n}\n'.repeat(20);
  let pieces = Pieces.of(model);
  for (let step = 0; step < 2000; step++) {
    const a = Math.floor(rnd() * (model.length + 1));
    const b = Math.min(model.length, a + Math.floor(rnd() * 30));
    const middle = ['', 'x', '\n', '  /* c */ ', 'NDIS_STATUS_SUCCESS'][Math.floor(rnd() * 5)];
    pieces = Pieces.splice(pieces, a, middle, pieces, b);
    model = model.slice(0, a) + middle + model.slice(b);
    assert.equal(pieces.length, model.length);
    const s = Math.floor(rnd() * (model.length + 1));
    const e = Math.min(model.length, s + Math.floor(rnd() * 200));
    assert.equal(pieces.slice(s, e), model.slice(s, e), `slice at step ${step}`);
    const rest = pieces.from(s);
    assert.ok(s === model.length ? rest === '' : rest.length > 0 && model.startsWith(rest, s), `from at step ${step}`);
  }
  assert.equal(pieces.toString(), model);
});

test('a text in pieces parses to the tree of the joined text, and its nodes read their text', async () => {
  const parser = await getParser();
  const text = 'VOID f(PADAPTER a) {\n  NDIS_STATUS_INDICATION si;\n  si.StatusCode = NDIS_STATUS_OFFLOAD_PAUSE;\n}\n'.repeat(30);
  let pieces = Pieces.of(text);
  // Cut into many pieces by splices that change nothing.
  for (let at = 7; at < text.length; at += 97) pieces = Pieces.splice(pieces, at, text.slice(at, at + 3), pieces, at + 3);
  assert.equal(pieces.toString(), text);
  const whole = parseText(parser, text);
  const cut = parseText(parser, pieces);
  try {
    assert.equal(cut.rootNode.toString(), whole.rootNode.toString());
    const last = cut.rootNode.lastChild!;
    assert.equal(last.text, whole.rootNode.lastChild!.text);
    assert.ok(last.text.includes('NDIS_STATUS_OFFLOAD_PAUSE'));
  } finally {
    whole.delete();
    cut.delete();
  }
});
