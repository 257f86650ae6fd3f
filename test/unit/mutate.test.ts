// The mutation harness on a small driver tree: every mistake kind finds a place, the analysis
// catches each mutation, nothing unrelated changes, and the tree itself is left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutateTree, recall } from '../../scripts/mutate/harness';
import { KINDS, misspell } from '../../scripts/mutate/kinds';

const TREE = 'test/fixtures/mutate/driver';

const snapshot = () => readdirSync(TREE).sort().map((f) => [f, readFileSync(join(TREE, f), 'utf8')]);

test('mutation harness: every kind is placed and caught in the fixture driver, and the tree is not written', async () => {
  const before = snapshot();
  const result = await mutateTree(TREE);
  assert.deepEqual(snapshot(), before, 'the harness mutates a copy, never the tree');
  assert.equal(result.copy, undefined, 'the temporary copy is removed');
  assert.equal(result.baselineFindings, 0, 'the fixture driver is clean before any mutation');
  assert.equal(result.kinds.length, KINDS.length);
  for (const r of result.kinds) {
    assert.ok(r.points > 0, `${r.kind.id}: no mutation placed`);
    assert.equal(recall(r), 1, `${r.kind.id}: missed ${r.misses.map((m) => `${m.file}:${m.line} ${m.text}`).join('; ')}`);
    assert.deepEqual(r.unplaced, [], `${r.kind.id}: not placed`);
    assert.deepEqual(r.unrelated, [], `${r.kind.id}: unrelated changes`);
  }
});

test('mutation harness: a kind subset runs only those kinds', async () => {
  const result = await mutateTree(TREE, { kinds: ['flags-set', 'retrieve-reason-zero'], maxPerKind: 1 });
  assert.deepEqual(result.kinds.map((k) => [k.kind.id, k.points, k.caught]), [['flags-set', 1, 1], ['retrieve-reason-zero', 1, 1]]);
});

test('misspell drops one letter of the last word of a name', () => {
  assert.equal(misspell('NDIS_STATUS_LINK_STATE'), 'NDIS_STATUS_LINK_STAE');
  assert.equal(misspell('TcpIndicateRetrieve'), 'TcpIndicateRetriee');
});
