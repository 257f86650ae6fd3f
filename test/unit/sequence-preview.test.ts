// Issue 13, point 7: the Mermaid export opens in a preview that renders it. VS Code's Markdown
// preview shows ```mermaid as code; our markdown-it plugin draws the sequence diagrams we export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSequence, renderSequence, sequencePreviewPlugin } from '../../client/src/sequencePreview';
import { simulate } from '../../server/src/simulator/simulation';
import { traceToMermaid } from '../../server/src/simulator/trace';

const run = simulate([{ kind: 'offload', conn: 'c1' }, { kind: 'initiateArrives', conn: 'c1' }, { kind: 'completeInitiate', conn: 'c1' }, { kind: 'pause' }, { kind: 'uploadAll' }, { kind: 'resume' }]);
const exported = traceToMermaid(run.trace);

test('every line of an export is understood: participants, messages and notes', () => {
  const d = parseSequence(exported);
  assert.ok(d, 'our own export parses');
  assert.deepEqual(d.participants.map((p) => p.name), ['Offload target', 'Host stack']);
  assert.equal(d.rows.length, exported.trim().split('\n').length - 3);
  assert.ok(d.rows.some((r) => r.kind === 'note' && /VIOLATION protocol\/resume-before-upload-drain/.test(r.text)));
});

test('the drawing is static SVG with every text escaped', () => {
  const svg = renderSequence('sequenceDiagram\n  participant T as Offload <target>\n  participant H as Host stack\n  T->>H: a & b <script>\n  Note over T,H: VIOLATION x\n')!;
  assert.match(svg, /^<svg /);
  assert.ok(!svg.includes('<script>'), svg);
  assert.ok(svg.includes('a &amp; b &lt;script&gt;') && svg.includes('Offload &lt;target&gt;'));
  assert.ok(!/on\w+=/.test(svg), 'no event handler attributes');
});

test('other diagrams are left to the preview as code', () => {
  assert.equal(renderSequence('graph TD\n  A-->B\n'), undefined);
  assert.equal(renderSequence('sequenceDiagram\n  participant A as a\n  participant B as b\n  loop every minute\n  A->>B: x\n  end\n'), undefined);
});

test('the markdown-it plugin replaces only mermaid fences it can draw', () => {
  const calls: string[] = [];
  const md = { renderer: { rules: { fence: (tokens: { info: string; content: string }[], idx: number) => (calls.push(tokens[idx].info), '<pre>code</pre>') } } };
  sequencePreviewPlugin(md);
  const fence = md.renderer.rules.fence;
  assert.match(fence([{ info: 'mermaid', content: exported }], 0), /^<div class="ndis-sequence-preview"[^>]*><svg /);
  assert.equal(fence([{ info: 'c', content: 'int x;' }], 0), '<pre>code</pre>');
  assert.equal(fence([{ info: 'mermaid', content: 'graph TD\nA-->B' }], 0), '<pre>code</pre>');
  assert.deepEqual(calls, ['c', 'mermaid']);
});
