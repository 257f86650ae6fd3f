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
    protocolBefore: e.before.protocol,
    protocolAfter: e.after.protocol,
    messages: e.messages,
    notes: e.notes,
    violations: e.violations,
    ...(e.ignored ? { ignored: true } : {}),
  };
}

export function traceToJson(title: string, seed: number, trace: readonly TraceEntry[]): TraceExport {
  return { version: 1, title, seed, steps: trace.map(stepView) };
}

const PART = { target: 'T', host: 'H' } as const;

/** Mermaid forbids some characters in message text (';' and '#' start syntax). */
function mermaidText(s: string): string {
  return s.replace(/[;#]/g, ',').replace(/\r?\n/g, ' ');
}

export function traceToMermaid(trace: readonly TraceEntry[]): string {
  const lines = ['sequenceDiagram', '  participant T as Offload target', '  participant H as Host stack'];
  for (const e of trace) {
    for (const m of e.messages) {
      lines.push(m.note ? `  Note over ${PART[m.from]}: ${mermaidText(m.text)}` : `  ${PART[m.from]}->>${PART[m.to]}: ${mermaidText(m.text)}`);
    }
    if (e.before.protocol !== e.after.protocol) lines.push(`  Note over T,H: state ${STATE_LABEL[e.after.protocol]}`);
    for (const v of e.violations) lines.push(`  Note over T,H: VIOLATION ${v.rule}`);
  }
  return lines.join('\n') + '\n';
}

/** One line per step, for the terminal. */
export function traceToText(trace: readonly TraceEntry[]): string {
  const out: string[] = [];
  for (const e of trace) {
    const where = e.source ? ` [${e.source.uri}:${e.source.line + 1}]` : '';
    const times = e.count && e.count > 1 ? ` (x${e.count})` : '';
    const move = e.before.protocol === e.after.protocol ? STATE_LABEL[e.after.protocol] : `${STATE_LABEL[e.before.protocol]} -> ${STATE_LABEL[e.after.protocol]}`;
    out.push(`${String(e.index + 1).padStart(3)}. ${eventLabel(e.event)}${times}${where}  [${move}]${e.ignored ? '  (ignored)' : ''}`);
    for (const m of e.messages) out.push(`       ${m.note ? `[${m.from}]` : m.from === 'target' ? 'target -> host' : 'host -> target'}: ${m.text}`);
    for (const n of e.notes) out.push(`       note: ${n}`);
    for (const v of e.violations) out.push(`       VIOLATION ${v.rule}: ${v.reason}`);
  }
  return out.join('\n') + '\n';
}
