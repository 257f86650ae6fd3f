// Layout of the simulator's state diagram (the mini-map): a pure function from the
// nodes, the edges and the width available to boxes, polylines and label boxes.
// Plain JS so the webview loads it as is and the unit tests run it in node
// (test/unit/diagram-layout.test.ts): every edge ends on a node's border, with its
// arrowhead outside the node, and no label overlaps another label or a node.
//
// The states stand in one column, in protocol order. An edge from one state to the
// next is a short arrow in the gap below it, its label beside it. Every other edge
// (back to an earlier state, past the next one, or a loop on one state) runs in its
// own lane to the right of the column, and its label sits in a column right of the
// lanes, at the height of the lane's middle, moved down when it would overlap.
// Labels wrap at spaces (and identifiers after _ or -) when the width is short; when
// even that does not fit, each lane gets a number and its words go to a legend under
// the column. Only below the column's own minimum does `scale` ask the caller to shrink.
// @ts-check
(function (root, factory) {
  const api = factory();
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.NdisDiagramLayout = api;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /**
   * @typedef {{ id: string, label: string }} NodeIn
   * @typedef {{ id: string, from: string, to: string, label: string }} EdgeIn
   * @typedef {{ x: number, y: number, w: number, h: number }} Box
   * @typedef {{ id: string, lines: string[], box: Box }} NodeOut
   * @typedef {{ id: string, from: string, to: string, points: {x: number, y: number}[], lane: boolean,
   *   label: { lines: string[], box: Box, anchor: 'start' }, leader?: {x1: number, y1: number, x2: number, y2: number} }} EdgeOut
   * @typedef {{ width: number, height: number, scale: number, font: number, lineHeight: number, nodes: NodeOut[], edges: EdgeOut[],
   *   legend: { n: number, edge: string, lines: string[], box: Box }[] }} Layout
   */

  const PAD = 8;
  const LANE_GAP = 9;
  const FWD_X = 12; // the forward arrows' distance from the column's left edge

  /** Width of a text at `font` px: a generous average, so boxes never come out too small. */
  function textWidth(s, font) {
    let w = 0;
    for (const ch of s) w += /[mwMW@]/.test(ch) ? 0.9 : /[A-Z0-9_]/.test(ch) ? 0.68 : /[ilj.,:;'!|()\[\] ]/.test(ch) ? 0.32 : 0.56;
    return Math.ceil(w * font);
  }

  /** A word too long for the width, cut after its underscores or hyphens (NDIS_STATUS_ / PAUSED). */
  function pieces(word, max, font) {
    if (textWidth(word, font) <= max) return [word];
    const parts = word.split(/(?<=[_-])/);
    const out = [];
    let cur = '';
    for (const p of parts) {
      if (cur && textWidth(cur + p, font) > max) {
        out.push(cur);
        cur = p;
      } else cur += p;
    }
    if (cur) out.push(cur);
    return out;
  }

  /** Greedy word wrap; a word longer than the width is cut after _ or -, else stays whole on its own line. */
  function wrap(text, max, font) {
    const words = text.split(/\s+/).filter(Boolean).flatMap((w) => pieces(w, max, font));
    const lines = [];
    let cur = '';
    for (const w of words) {
      const next = cur ? `${cur} ${w}` : w;
      if (!cur || textWidth(next, font) <= max) cur = next;
      else {
        lines.push(cur);
        cur = w;
      }
    }
    if (cur) lines.push(cur);
    return lines.length ? lines : [''];
  }

  const widest = (lines, font) => Math.max(0, ...lines.map((l) => textWidth(l, font)));
  /** The widest piece a text can be cut into (words, and identifiers after their _ or -). */
  const longestWord = (texts, font) => Math.max(0, ...texts.flatMap((t) => t.split(/[\s]+|(?<=[_-])/)).map((w) => textWidth(w, font)));

  /**
   * @param {{ width: number, font?: number, nodes: NodeIn[], edges: EdgeIn[] }} input
   * @returns {Layout}
   */
  function layoutDiagram(input) {
    const font = input.font || 12;
    const lineH = Math.round(font * 1.35);
    const nodes = input.nodes;
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    for (const e of input.edges) {
      if (!index.has(e.from) || !index.has(e.to)) throw new Error(`edge ${e.id} joins an unknown state`);
    }
    const forward = input.edges.filter((e) => index.get(e.to) === index.get(e.from) + 1);
    // Lanes: shorter spans nearer the column, so they nest; loops innermost.
    const lanes = input.edges
      .filter((e) => !forward.includes(e))
      .map((e) => ({ e, span: Math.abs(index.get(e.to) - index.get(e.from)) }))
      .sort((a, b) => a.span - b.span || index.get(a.e.from) - index.get(b.e.from) || a.e.id.localeCompare(b.e.id))
      .map((x) => x.e);

    // Widths: the column, the lanes, the label column. Shrink by wrapping when the width is short.
    const lanesW = lanes.length ? 12 + (lanes.length - 1) * LANE_GAP + 8 : 0;
    const nodeNatural = Math.max(widest(nodes.map((n) => n.label), font) + 24, FWD_X + 6 + widest(forward.map((e) => e.label), font) + 10, 96);
    const nodeMin = Math.max(longestWord(nodes.map((n) => n.label), font) + 20, FWD_X + 6 + longestWord(forward.map((e) => e.label), font) + 8);
    const colNatural = lanes.length ? widest(lanes.map((e) => e.label), font) + 4 : 0;
    const colMin = lanes.length ? longestWord(lanes.map((e) => e.label), font) + 4 : 0;
    const avail = Math.max(0, input.width - 2 * PAD - lanesW);
    // Short of room: the nodes give up what their own labels do not need (forward labels wrap),
    // then the lane labels wrap, then the node labels.
    const nodeUnwrapped = Math.max(widest(nodes.map((n) => n.label), font) + 24, nodeMin);
    let nodeW = nodeNatural;
    let colW = colNatural;
    if (nodeW + colW > avail) nodeW = Math.max(nodeUnwrapped, avail - colW);
    if (nodeW + colW > avail) colW = Math.max(colMin, avail - nodeW);
    if (nodeW + colW > avail) nodeW = Math.max(nodeMin, avail - colW);
    // Still too narrow: each lane gets a number beside it, and its words go to a legend under the column.
    const compact = lanes.length > 0 && nodeW + colW > avail;
    if (compact) {
      colW = textWidth(String(lanes.length), font) + 6;
      nodeW = Math.max(nodeMin, Math.min(nodeNatural, avail - colW));
    }
    const width = Math.max(2 * PAD + nodeW + lanesW + colW, compact ? input.width : 0);
    const scale = width > input.width ? input.width / width : 1;

    // The column: nodes, and the gaps that hold the forward arrows and their labels.
    const fwdLabelW = nodeW - FWD_X - 6 - 4;
    const fwdLines = new Map(forward.map((e) => [e.id, wrap(e.label, fwdLabelW, font)]));
    const portsAt = nodes.map((n) => lanes.filter((e) => e.from === n.id).length + lanes.filter((e) => e.to === n.id).length);
    /** @type {NodeOut[]} */
    const outNodes = [];
    let y = PAD;
    nodes.forEach((n, i) => {
      const lines = wrap(n.label, nodeW - 16, font);
      const h = Math.max(lines.length * lineH + 12, (portsAt[i] + 1) * 7);
      outNodes.push({ id: n.id, lines, box: { x: PAD, y, w: nodeW, h } });
      const out = forward.find((e) => e.from === n.id);
      const gapLines = out ? fwdLines.get(out.id).length : 0;
      y += h + Math.max(26, gapLines * lineH + 14);
    });
    const byId = new Map(outNodes.map((n) => [n.id, n]));

    /** @type {EdgeOut[]} */
    const edges = [];
    for (const e of forward) {
      const a = byId.get(e.from).box;
      const b = byId.get(e.to).box;
      const x = PAD + FWD_X;
      const lines = fwdLines.get(e.id);
      const lh = lines.length * lineH;
      const midY = (a.y + a.h + b.y) / 2;
      edges.push({
        id: e.id, from: e.from, to: e.to, lane: false,
        points: [{ x, y: a.y + a.h }, { x, y: b.y }],
        label: { lines, anchor: 'start', box: { x: x + 6, y: midY - lh / 2, w: widest(lines, font), h: lh } },
      });
    }

    // Ports on the right border: at each node, the ends of lanes that go up sit above those that go down.
    const ports = new Map();
    nodes.forEach((n, i) => {
      const ends = [];
      lanes.forEach((e, k) => {
        if (e.from === n.id) ends.push({ key: `${e.id}:out`, other: index.get(e.to), k, self: e.from === e.to ? 0 : 1 });
        if (e.to === n.id) ends.push({ key: `${e.id}:in`, other: index.get(e.from), k, self: e.from === e.to ? 1 : 1 });
      });
      // Ends towards earlier states first (outer lanes highest), then loops, then ends towards later states (outer lanes lowest).
      const rank = (x) => (x.other < i ? [0, -x.k] : x.other === i ? [1, x.key.endsWith(':out') ? 0 : 1] : [2, x.k]);
      ends.sort((p, q) => rank(p)[0] - rank(q)[0] || rank(p)[1] - rank(q)[1]);
      const box = byId.get(n.id).box;
      ends.forEach((x, j) => ports.set(x.key, box.y + (box.h * (j + 1)) / (ends.length + 1)));
    });
    const laneX0 = PAD + nodeW + 12;
    const labelX = laneX0 + (lanes.length - 1) * LANE_GAP + 8;
    const laneLabels = [];
    lanes.forEach((e, k) => {
      const a = byId.get(e.from).box;
      const b = byId.get(e.to).box;
      const x = laneX0 + k * LANE_GAP;
      const y1 = ports.get(`${e.id}:out`);
      const y2 = ports.get(`${e.id}:in`);
      const lines = compact ? [String(k + 1)] : wrap(e.label, colW - 4, font);
      const lh = lines.length * lineH;
      const out = {
        id: e.id, from: e.from, to: e.to, lane: true,
        points: [{ x: a.x + a.w, y: y1 }, { x, y: y1 }, { x, y: y2 }, { x: b.x + b.w, y: y2 }],
        label: { lines, anchor: /** @type {'start'} */ ('start'), box: { x: labelX, y: (y1 + y2) / 2 - lh / 2, w: widest(lines, font), h: lh } },
      };
      edges.push(out);
      laneLabels.push({ out, x });
    });
    // Lane labels: top to bottom in their column, each moved down below the one above when they would touch.
    laneLabels.sort((p, q) => p.out.label.box.y - q.out.label.box.y);
    let floor = -Infinity;
    for (const l of laneLabels) {
      const b = l.out.label.box;
      if (b.y < floor + 3) b.y = floor + 3;
      floor = b.y + b.h;
      const ly = b.y + b.h / 2;
      l.out.leader = { x1: l.x, y1: Math.min(Math.max(ly, Math.min(l.out.points[1].y, l.out.points[2].y)), Math.max(l.out.points[1].y, l.out.points[2].y)), x2: b.x - 2, y2: ly };
    }
    let bottom = Math.max(...outNodes.map((n) => n.box.y + n.box.h), ...edges.map((e) => e.label.box.y + e.label.box.h));
    /** @type {{ n: number, edge: string, lines: string[], box: Box }[]} */
    const legend = [];
    if (compact) {
      bottom += 6;
      lanes.forEach((e, k) => {
        const lines = wrap(`${k + 1}: ${e.label}`, width - 2 * PAD, font);
        const box = { x: PAD, y: bottom + 3, w: widest(lines, font), h: lines.length * lineH };
        legend.push({ n: k + 1, edge: e.id, lines, box });
        bottom = box.y + box.h;
      });
    }
    return { width, height: Math.ceil(bottom + PAD), scale, font, lineHeight: lineH, nodes: outNodes, edges, legend };
  }

  /** True when two boxes share more than a touching edge. */
  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  return { layoutDiagram, overlaps, textWidth, wrap };
});
