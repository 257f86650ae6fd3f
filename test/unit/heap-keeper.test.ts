// The server collects its garbage once the heap has doubled since the last collection (lsp/heapKeeper.ts),
// with no flag on its command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import { HeapKeeper } from '../../server/src/lsp/heapKeeper';

test('a heap grown past twice its live size is collected, and one that has not is left alone', () => {
  const keeper = new HeapKeeper(2, 0);
  keeper.afterPublish();
  assert.equal(keeper.collections, 1, 'the first publish collects: what is live is not known before');
  keeper.afterPublish();
  assert.equal(keeper.collections, 1, 'nothing grew');
  const before = v8.getHeapStatistics().used_heap_size;
  // Garbage several times the heap in use, dropped at once (kept reachable until the call, so no collection runs first).
  let garbage: number[][] | undefined = Array.from({ length: 2000 }, () => new Array(2000).fill(1));
  assert.ok(v8.getHeapStatistics().used_heap_size > 2 * before);
  garbage = undefined;
  keeper.afterPublish();
  assert.equal(keeper.collections, 2);
  assert.ok(v8.getHeapStatistics().used_heap_size < 2 * before, 'the garbage is gone');
  assert.equal(garbage, undefined);
});
