// A file's edit re-decides languages only when the lines it touched hold an include or a C++-looking line
// (FileLanguages.edited): after any chain of edits, every file's language must be what reading each
// file's whole text gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileLanguages } from '../../server/src/analysis/languages';
import { prng } from '../helpers/random';

const PIECES = ['#include "b.h"\n', '#include <c.h>\n', 'namespace n {\n', '}\n', 'class K {\n', 'int x;\n', '\n', '#', 'include', ' ', 'template <', '"', 'b.h', '\r\n', '\r'];

test('languages after edits that say where they are equal languages read from the whole texts', () => {
  const rnd = prng(21);
  for (let round = 0; round < 40; round++) {
    const files = new Map<string, string>([
      ['file:///w/a.c', 'int a;\n'],
      ['file:///w/m.cpp', 'int m;\n'],
      ['file:///w/b.h', 'int b;\n'],
      ['file:///w/c.h', 'int c;\n'],
      ['file:///w/d.h', 'int d;\n'],
    ]);
    const kept = new FileLanguages();
    for (const [uri, text] of files) kept.set(uri, text);
    for (let step = 0; step < 30; step++) {
      const uri = [...files.keys()][Math.floor(rnd() * files.size)];
      const before = files.get(uri)!;
      const start = Math.floor(rnd() * (before.length + 1));
      const oldEnd = Math.min(before.length, start + (rnd() < 0.6 ? 0 : Math.floor(rnd() * 10)));
      const typed = PIECES[Math.floor(rnd() * PIECES.length)];
      const after = before.slice(0, start) + typed + before.slice(oldEnd);
      files.set(uri, after);
      kept.edited(uri, before, after, { start, oldEnd, newEnd: start + typed.length });
      const fresh = new FileLanguages();
      for (const [u, t] of files) fresh.set(u, t);
      for (const u of files.keys()) assert.equal(kept.lang(u), fresh.lang(u), `round ${round} step ${step}: ${u} (${JSON.stringify([...files.values()])})`);
    }
  }
});
