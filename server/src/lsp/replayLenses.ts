// "Replay in simulator": code lenses above every function that pauses, uploads
// all or resumes, one per kind of path that ends differently (an early return
// that leaves offloading paused, the success path). Each opens the simulator
// panel on that path's events and branch decisions, linked to their lines.
// Replay is a lens and a command, never a quick fix: it fixes nothing.
import type { CodeLens } from 'vscode-languageserver/node';
import type { Analyzer } from '../analysis/analyze';
import type { SimReplayParams } from '../shared/messages';

export const OPEN_SIMULATOR = 'ndisOffload.openSimulator';

export function replayLenses(analyzer: Analyzer, uri: string): CodeLens[] {
  return analyzer.replays(uri).map((r) => {
    const params: SimReplayParams = { title: `${r.name}: ${r.path}`, events: r.steps, ...(r.violation ? { breakOnViolation: true } : {}) };
    const title = `${r.violation ? '$(debug-alt)' : '$(play)'} Replay ${r.path}`;
    return { range: r.range, command: { title, command: OPEN_SIMULATOR, arguments: [params] } };
  });
}

/** What changes a lens: compared after each analysis to decide whether the client must ask again. */
export function lensSignature(analyzer: Analyzer, uris: string[]): string {
  return JSON.stringify(uris.map((u) => analyzer.replays(u).map((r) => [r.path, r.range.start.line, r.steps])));
}
