// The server's heap kept near what it holds. Each analysis leaves garbage (the last generation's
// indexes, findings and texts; a large file's text is a large object only a full collection frees), and
// V8 lets the heap grow to several times its live data before it collects in full: over a long typing
// session in a large workspace the server held twice the memory it needed, and its own full
// collections, on a bigger heap, fell on keystrokes. Once an analysis is published, a full collection is
// made when the heap has grown to 1.75 times what was live after the last one (twice let the server's
// memory end a 1,060-edit bench run at 381 to 401 MB; at 1.75 a collection falls on one keystroke in
// about thirty at 569k lines, and the run ended at 380 MB, peak 394). The first one is made at the
// first publish (after the workspace scan): before it, what is live is not known, and the scan's garbage
// taken for live data let the heap grow to twice that (P2P.c in 569k lines: no collection in 400
// keystrokes, 303 MB in use of which 149 MB live).
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Growth over the live heap that starts a collection. */
const FACTOR = 1.75;
/** Below this the heap is left to V8 (a small workspace's garbage costs nothing). */
const FLOOR_BYTES = 64 * 1024 * 1024;

let gc: (() => void) | null | undefined;

/** The engine's full collection, made available at run time (the client starts the server without flags). */
function fullCollection(): (() => void) | null {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  return gc;
}

export class HeapKeeper {
  private live = 0;
  /** Full collections made (the test reads it). */
  collections = 0;

  constructor(
    private readonly factor = FACTOR,
    private readonly floorBytes = FLOOR_BYTES,
  ) {}

  /** After an analysis is published: collects when the heap has grown past `factor` times the live heap. */
  afterPublish(): void {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < this.floorBytes || (this.live > 0 && used < this.factor * this.live)) return;
    const collect = fullCollection();
    if (!collect) return;
    collect();
    this.collections++;
    this.live = v8.getHeapStatistics().used_heap_size;
  }
}
