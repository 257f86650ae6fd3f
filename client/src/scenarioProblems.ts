// Scenario files' errors in the Problems panel: file, line and field, clickable,
// kept in step with every scan of the workspace's *.offload-scenario.json files.

import * as vscode from 'vscode';
import type { SimScenarioProblem } from '../../server/src/shared/messages';

export class ScenarioProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ndis-offload-scenarios');

  /** Replaces every scenario problem with `problems` (the files listed in `scanned` that have none are cleared). */
  set(scanned: string[], problems: SimScenarioProblem[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>(scanned.map((u) => [u, []]));
    for (const p of problems) {
      const line = Math.max(0, p.line - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), `${p.field}: ${p.message}`, vscode.DiagnosticSeverity.Error);
      d.source = 'NDIS Offload scenario';
      const list = byFile.get(p.file) ?? [];
      list.push(d);
      byFile.set(p.file, list);
    }
    this.collection.clear();
    for (const [file, list] of byFile) if (list.length) this.collection.set(toUri(file), list);
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function toUri(file: string): vscode.Uri {
  return /^[a-z][\w+.-]*:/i.test(file) ? vscode.Uri.parse(file, true) : vscode.Uri.file(file);
}
