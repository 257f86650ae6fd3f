// Trace export: JSON for tools, Mermaid for documents, plain text for the CLI.

import type { TraceEntry } from '../shared/simulatorTypes';
import { STATE_LABEL, type OffloadState } from '../protocol/model';
import { eventLabel } from './labels';

export interface TraceExport {
  version: 1;
  title: string;
  seed: number;
  steps: {
    index: number;
    event: TraceEntry['event'];
    source?: TraceEntry['source'];
    count?: number;
    protocolBefore: OffloadState;
    protocolAfter: OffloadState;
    messages: TraceEntry['messages'];
    notes: string[];
    violations: TraceEntry['violations'];
    ignored?: boolean;
  }[];
}

/** One step as exported and as the panel shows it (the panel adds a label). */
export function stepView(e: TraceEntry): TraceExport['steps'][number] {
  return {
    index: e.index,
    event: e.event,
    ...(e.source ? { source: e.source } : {}),
    ...(e.count ? { count: e.count } : {}),
    protocolBefore: e.protocolBefore,
    protocolAfter: e.protocolAfter,
    messages: e.messages,
    notes: e.notes,
    violations: e.violations,
    ...(e.ignored ? { ignored: true } : {}),
  };
}

export function traceToJson(title: string, seed: number, trace: readonly TraceEntry[]): TraceExport {
  return { version: 1, title, seed, steps: trace.map(stepView) };
}

// The exports are produced as a sequence of pieces, each ending with a newline,
// so a long trace is written out piece by piece (the command line) or refused at
// a size limit (the panel) without ever building one giant string first.

/** Pieces of `JSON.stringify(traceToJson(...), null, 2) + '\n'`, one step at a time. */
export function* traceJsonPieces(title: string, seed: number, trace: readonly TraceEntry[]): Generator<string> {
  yield `{\n  "version": 1,\n  "title": ${JSON.stringify(title)},\n  "seed": ${seed},\n  "steps": ${trace.length ? '[' : '[]'}\n`;
  for (let i = 0; i < trace.length; i++) {
    yield `    ${JSON.stringify(stepView(trace[i]), null, 2).replace(/\n/g, '\n    ')}${i < trace.length - 1 ? ',' : ''}\n`;
  }
  if (trace.length) yield '  ]\n';
  yield '}\n';
}

const PART = { target: 'T', host: 'H' } as const;

/** Mermaid forbids some characters in message text (';' and '#' start syntax). */
function mermaidText(s: string): string {
  return s.replace(/[;#]/g, ',').replace(/\r?\n/g, ' ');
}

export function* traceMermaidPieces(trace: readonly TraceEntry[]): Generator<string> {
  yield 'sequenceDiagram\n  participant T as Offload target\n  participant H as Host stack\n';
  for (const e of trace) {
    const lines: string[] = [];
    for (const m of e.messages) {
      lines.push(m.note ? `  Note over ${PART[m.from]}: ${mermaidText(m.text)}` : `  ${PART[m.from]}->>${PART[m.to]}: ${mermaidText(m.text)}`);
    }
    if (e.protocolBefore !== e.protocolAfter) lines.push(`  Note over T,H: state ${STATE_LABEL[e.protocolAfter]}`);
    for (const v of e.violations) lines.push(`  Note over T,H: VIOLATION ${v.rule}`);
    if (lines.length) yield lines.join('\n') + '\n';
  }
}

/** One line per step (and its messages), for the terminal. */
export function* traceTextPieces(trace: readonly TraceEntry[]): Generator<string> {
  for (const e of trace) {
    const where = e.source ? ` [${e.source.uri}:${e.source.line + 1}]` : '';
    const times = e.count && e.count > 1 ? ` (x${e.count})` : '';
    const move = e.protocolBefore === e.protocolAfter ? STATE_LABEL[e.protocolAfter] : `${STATE_LABEL[e.protocolBefore]} -> ${STATE_LABEL[e.protocolAfter]}`;
    const out = [`${String(e.index + 1).padStart(3)}. ${eventLabel(e.event)}${times}${where}  [${move}]${e.ignored ? '  (ignored)' : ''}`];
    for (const m of e.messages) out.push(`       ${m.note ? `[${m.from}]` : m.from === 'target' ? 'target -> host' : 'host -> target'}: ${m.text}`);
    for (const n of e.notes) out.push(`       note: ${n}`);
    for (const v of e.violations) out.push(`       VIOLATION ${v.rule}: ${v.reason}`);
    yield out.join('\n') + '\n';
  }
}

/** Joins pieces into batches of about `size` characters (each ends with a newline). */
export function* batched(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let buf: string[] = [];
  let n = 0;
  for (const p of pieces) {
    buf.push(p);
    n += p.length;
    if (n >= size) {
      yield buf.join('');
      buf = [];
      n = 0;
    }
  }
  if (buf.length) yield buf.join('');
}

export function traceToMermaid(trace: readonly TraceEntry[]): string {
  return [...traceMermaidPieces(trace)].join('');
}

export function traceToText(trace: readonly TraceEntry[]): string {
  const text = [...traceTextPieces(trace)].join('');
  return text || '\n';
}
