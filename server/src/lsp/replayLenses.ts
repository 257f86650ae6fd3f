// "Replay in simulator": a code lens on every function that pauses, uploads
// all or resumes, and a code action on every protocol diagnostic; both open
// the simulator panel with the events the analyzer extracted, linked to their lines.
import type { CodeAction, CodeLens, Diagnostic } from 'vscode-languageserver/node';
import type { Analyzer } from '../analysis/analyze';
import type { DiagnosticData, SimReplayParams } from '../shared/messages';

export const OPEN_SIMULATOR = 'ndisOffload.openSimulator';

export function replayLenses(analyzer: Analyzer, uri: string): CodeLens[] {
  return analyzer.replays(uri).map((r) => {
    const params: SimReplayParams = { title: r.name, events: r.events };
    return { range: r.range, command: { title: '$(play) Replay in simulator', command: OPEN_SIMULATOR, arguments: [params] } };
  });
}

/** The protocol steps of a diagnostic's trace as a replay, or undefined when it has none. */
export function replayFromDiagnostic(d: Diagnostic): CodeAction | undefined {
  const data = d.data as DiagnosticData | undefined;
  if (!data?.rule?.startsWith('protocol/')) return undefined;
  // The steps carry the events as the analyzer saw them (statuses and rejections included).
  const events = data.trace.flatMap((t) => (t.event ? [{ event: t.event, uri: t.at.uri, line: t.at.line }] : []));
  if (events.length === 0) return undefined;
  const params: SimReplayParams = { title: `${data.rule} (line ${d.range.start.line + 1})`, events };
  return { title: 'Replay in simulator', kind: 'quickfix', diagnostics: [d], command: { title: 'Replay in simulator', command: OPEN_SIMULATOR, arguments: [params] } };
}
