// Renders the Mermaid sequence diagrams the simulator exports in VS Code's own Markdown
// preview, which shows ```mermaid blocks as code otherwise. Only the subset our exports
// write is drawn (participants, `A->>B: text`, `Note over A: text`, `Note over A,B: text`);
// any other diagram is left to the preview as code. The output is static SVG with
// escaped text and colours taken from the theme (currentColor), no script.

interface Participant {
  id: string;
  name: string;
}

type Row = { kind: 'msg'; from: string; to: string; text: string } | { kind: 'note'; over: string[]; text: string };

/** The diagram when it is one of ours, or undefined. */
export function parseSequence(source: string): { participants: Participant[]; rows: Row[] } | undefined {
  const lines = source.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines[0] !== 'sequenceDiagram') return undefined;
  const participants: Participant[] = [];
  const rows: Row[] = [];
  for (const line of lines.slice(1)) {
    let m = /^participant\s+(\w+)\s+as\s+(.+)$/.exec(line);
    if (m) {
      participants.push({ id: m[1], name: m[2] });
      continue;
    }
    m = /^(\w+)->>(\w+):\s*(.*)$/.exec(line);
    if (m) {
      rows.push({ kind: 'msg', from: m[1], to: m[2], text: m[3] });
      continue;
    }
    m = /^Note over ([\w,\s]+):\s*(.*)$/.exec(line);
    if (m) {
      rows.push({ kind: 'note', over: m[1].split(',').map((s) => s.trim()), text: m[2] });
      continue;
    }
    return undefined; // not our subset: leave it to the preview as code
  }
  const known = new Set(participants.map((p) => p.id));
  const ok = rows.every((r) => (r.kind === 'msg' ? known.has(r.from) && known.has(r.to) : r.over.every((o) => known.has(o))));
  return ok && participants.length >= 2 ? { participants, rows } : undefined;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const COLUMN = 400;
const ROW = 34;
const TOP = 44;

/** SVG markup of the diagram, or undefined when the source is not one of our diagrams. */
export function renderSequence(source: string): string | undefined {
  const d = parseSequence(source);
  if (!d) return undefined;
  const x = new Map(d.participants.map((p, i) => [p.id, 40 + COLUMN / 2 + i * COLUMN]));
  const width = 80 + d.participants.length * COLUMN;
  const height = TOP + d.rows.length * ROW + 20;
  const out: string[] = [
    `<svg class="ndis-sequence" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="Sequence diagram" style="max-width:none;font-family:var(--vscode-font-family, sans-serif);font-size:13px">`,
  ];
  for (const p of d.participants) {
    const cx = x.get(p.id)!;
    out.push(`<line x1="${cx}" y1="${TOP - 8}" x2="${cx}" y2="${height - 8}" stroke="currentColor" stroke-opacity="0.35" stroke-dasharray="4 3"/>`);
    out.push(`<rect x="${cx - 110}" y="6" width="220" height="26" rx="4" fill="none" stroke="currentColor" stroke-opacity="0.6"/>`);
    out.push(`<text x="${cx}" y="24" text-anchor="middle" fill="currentColor" font-weight="600">${esc(p.name)}</text>`);
  }
  d.rows.forEach((r, i) => {
    const y = TOP + i * ROW + 18;
    if (r.kind === 'msg') {
      const x1 = x.get(r.from)!;
      const x2 = x.get(r.to)!;
      // The arrowhead is drawn as a path of its own: markers do not take currentColor in every renderer.
      const dir = x2 > x1 ? 1 : -1;
      out.push(`<line x1="${x1}" y1="${y + 6}" x2="${x2 - dir * 8}" y2="${y + 6}" stroke="currentColor"/>`);
      out.push(`<path d="M${x2},${y + 6} L${x2 - dir * 9},${y + 1.5} L${x2 - dir * 9},${y + 10.5} z" fill="currentColor"/>`);
      out.push(`<text x="${(x1 + x2) / 2}" y="${y}" text-anchor="middle" fill="currentColor">${esc(r.text)}</text>`);
    } else {
      const xs = r.over.map((o) => x.get(o)!);
      const left = Math.min(...xs) - 140;
      const right = Math.max(...xs) + 140;
      const bad = /^VIOLATION\b/.test(r.text);
      // A violation in the theme's error colour; everything else in the text colour.
      const colour = bad ? ' style="color:var(--vscode-errorForeground, #e51400)"' : '';
      out.push(`<g${colour}><rect x="${left}" y="${y - 14}" width="${right - left}" height="22" rx="3" fill="currentColor" fill-opacity="${bad ? 0.12 : 0.06}" stroke="currentColor" stroke-opacity="${bad ? 0.9 : 0.3}"/>`);
      out.push(`<text x="${(left + right) / 2}" y="${y + 1}" text-anchor="middle" fill="currentColor"${bad ? ' font-weight="700"' : ''}>${esc(r.text)}</text></g>`);
    }
  });
  out.push('</svg>');
  return out.join('');
}

interface MarkdownIt {
  renderer: { rules: { fence?: (tokens: { info: string; content: string }[], idx: number, ...rest: unknown[]) => string } };
}

/** The markdown-it plugin VS Code's preview calls through the extension's `extendMarkdownIt`. */
export function sequencePreviewPlugin(md: MarkdownIt): MarkdownIt {
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, ...rest) => {
    const t = tokens[idx];
    if (t.info.trim() === 'mermaid') {
      const svg = renderSequence(t.content);
      // Drawn at its own size (readable text); a narrow preview scrolls sideways instead of shrinking it.
      if (svg) return `<div class="ndis-sequence-preview" style="overflow-x:auto">${svg}</div>`;
    }
    return fence ? fence(tokens, idx, ...rest) : `<pre><code>${esc(t.content)}</code></pre>`;
  };
  return md;
}
