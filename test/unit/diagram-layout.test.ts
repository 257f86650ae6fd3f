// The simulator's state diagram layout (client/webview/diagramLayout.js, the module the
// webview loads): for every width from a narrow side panel to a wide window and for every
// set of edges the panel draws (the legal ones, plus each illegal transition once taken),
// no edge ends inside a node, every arrowhead stands outside its node, no label crosses
// another label or a node, and from the narrowest width the panel allows the text keeps its size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';

interface Box { x: number; y: number; w: number; h: number }
interface Layout {
  width: number; height: number; scale: number;
  nodes: { id: string; box: Box }[];
  edges: { id: string; from: string; to: string; points: { x: number; y: number }[]; label: { box: Box; lines: string[] } }[];
  legend: { n: number; edge: string; lines: string[]; box: Box }[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { layoutDiagram, overlaps } = require(resolve(__dirname, '../../../client/webview/diagramLayout.js')) as {
  layoutDiagram(i: unknown): Layout; overlaps(a: Box, b: Box): boolean;
};

const NODES = [
  { id: 'offloading', label: 'offloading' },
  { id: 'paused', label: 'paused' },
  { id: 'uploading', label: 'upload-all pending' },
  { id: 'drained', label: 'upload-all drained' },
];
const LEGAL = [
  { id: 'e1', from: 'offloading', to: 'paused', label: 'NDIS_STATUS_OFFLOAD_PAUSE' },
  { id: 'e2', from: 'paused', to: 'uploading', label: 'NDIS_STATUS_UPLOAD_ALL' },
  { id: 'e3', from: 'uploading', to: 'drained', label: 'terminates done' },
  { id: 'e4', from: 'drained', to: 'offloading', label: 'NDIS_STATUS_OFFLOAD_RESUME' },
  { id: 'e5', from: 'paused', to: 'offloading', label: 'NDIS_STATUS_OFFLOAD_RESUME' },
  { id: 'e6', from: 'offloading', to: 'uploading', label: 'NDIS_STATUS_UPLOAD_ALL' },
];
const ILLEGAL = [
  { id: 'x1', from: 'uploading', to: 'offloading', label: 'resume before the upload-all drained' },
  { id: 'x2', from: 'offloading', to: 'offloading', label: 'resume without a pause' },
  { id: 'x3', from: 'paused', to: 'paused', label: 'pause never resumed' },
  { id: 'x4', from: 'uploading', to: 'uploading', label: 'capabilities change outside a pause' },
  { id: 'x5', from: 'drained', to: 'drained', label: 'send completed with NDIS_STATUS_PAUSED' },
];
const WIDTHS = [180, 200, 226, 260, 320, 400, 560, 800, 1200, 1600];
/** The panel's narrowest useful width: from here on the diagram's text keeps its 12 px. */
const FULL_SIZE_FROM = 180;

const inside = (p: { x: number; y: number }, b: Box) => p.x > b.x + 0.5 && p.x < b.x + b.w - 0.5 && p.y > b.y + 0.5 && p.y < b.y + b.h - 0.5;
const onBorder = (p: { x: number; y: number }, b: Box) => {
  const withinX = p.x >= b.x - 0.5 && p.x <= b.x + b.w + 0.5;
  const withinY = p.y >= b.y - 0.5 && p.y <= b.y + b.h + 0.5;
  const onV = (Math.abs(p.x - b.x) <= 0.5 || Math.abs(p.x - b.x - b.w) <= 0.5) && withinY;
  const onH = (Math.abs(p.y - b.y) <= 0.5 || Math.abs(p.y - b.y - b.h) <= 0.5) && withinX;
  return onV || onH;
};
/** A segment's sample points strictly inside a box (the ends on its border do not count). */
function crossesBox(a: { x: number; y: number }, b: { x: number; y: number }, box: Box): boolean {
  for (let t = 0.02; t < 1; t += 0.02) if (inside({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }, box)) return true;
  return false;
}

for (const width of WIDTHS) {
  for (const extra of [undefined, ...ILLEGAL]) {
    const edges = extra ? [...LEGAL, extra] : LEGAL;
    test(`diagram at ${width}px${extra ? ` with ${extra.label}` : ''}: edges end on borders, labels apart`, () => {
      const l = layoutDiagram({ width, font: 12, nodes: NODES, edges });
      const box = (id: string) => l.nodes.find((n) => n.id === id)!.box;
      assert.ok(l.width * l.scale <= width + 0.01, `drawn ${l.width * l.scale}px wide in ${width}px`);
      if (width >= FULL_SIZE_FROM) assert.equal(l.scale, 1, `text shrinks at ${width}px (drawing needs ${l.width}px)`);
      for (const e of l.edges) {
        const first = e.points[0];
        const last = e.points[e.points.length - 1];
        const before = e.points[e.points.length - 2];
        assert.ok(onBorder(first, box(e.from)), `${e.id} starts on ${e.from}'s border: ${JSON.stringify(first)} ${JSON.stringify(box(e.from))}`);
        assert.ok(onBorder(last, box(e.to)), `${e.id} ends on ${e.to}'s border: ${JSON.stringify(last)} ${JSON.stringify(box(e.to))}`);
        assert.ok(!inside(before, box(e.to)) && !onBorder(before, box(e.to)), `${e.id}'s arrowhead comes from outside ${e.to}`);
        const dist = Math.hypot(last.x - before.x, last.y - before.y);
        assert.ok(dist >= 8, `${e.id}'s last segment is long enough for an arrowhead (${dist}px)`);
        for (const n of l.nodes) {
          for (let i = 1; i < e.points.length; i++) assert.ok(!crossesBox(e.points[i - 1], e.points[i], n.box), `${e.id} runs through ${n.id}`);
          assert.ok(!overlaps(e.label.box, n.box), `the label of ${e.id} (${e.label.lines.join(' ')}) covers ${n.id}`);
        }
        for (const f of l.edges) {
          if (f !== e) assert.ok(!overlaps(e.label.box, f.label.box), `labels of ${e.id} and ${f.id} cross at ${width}px`);
        }
        assert.ok(e.label.box.x + e.label.box.w <= l.width, `the label of ${e.id} stays inside the drawing`);
        for (const g of l.legend) assert.ok(!overlaps(e.label.box, g.box), `the label of ${e.id} crosses legend entry ${g.n}`);
      }
      // A numbered lane keeps its words in the legend, which stays inside the drawing, below everything.
      for (const g of l.legend) {
        assert.ok(g.box.x + g.box.w <= l.width && g.box.y + g.box.h <= l.height, `legend ${g.n} stays inside`);
        for (const n of l.nodes) assert.ok(!overlaps(g.box, n.box), `legend ${g.n} covers ${n.id}`);
        for (const h of l.legend) if (h !== g) assert.ok(!overlaps(g.box, h.box), `legend ${g.n} and ${h.n} cross`);
        for (const e of l.edges) for (const p of e.points) assert.ok(p.y < g.box.y, `${e.id} runs into the legend`);
      }
      if (width >= 400) assert.equal(l.legend.length, 0, `from 400px on, every label stands beside its lane`);
      for (const a of l.nodes) for (const b of l.nodes) if (a !== b) assert.ok(!overlaps(a.box, b.box), `${a.id} and ${b.id} overlap`);
    });
  }
}

test('the diagram refuses an edge to an unknown state', () => {
  assert.throws(() => layoutDiagram({ width: 400, nodes: NODES, edges: [{ id: 'z', from: 'offloading', to: 'unknown', label: 'x' }] }), /unknown state/);
});
