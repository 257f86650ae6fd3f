// The replay's execution pointer: the line of the current step highlighted in the
// editor like a debugger's current statement, with the step's words after it. The
// panel and the editor stay in sync: every snapshot moves (or clears) the pointer.

import * as vscode from 'vscode';
import type { SimSnapshot } from '../../server/src/shared/messages';

export class ExecutionPointer implements vscode.Disposable {
  private readonly current = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.stackFrameHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.infoForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('descriptionForeground'), fontStyle: 'italic' },
  });
  private readonly broken = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('inputValidation.errorBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.errorForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('errorForeground'), fontWeight: 'bold' },
  });
  private shownIn: vscode.TextEditor | undefined;

  /** Moves the pointer to the snapshot's last step when it came from code; clears it otherwise. */
  async show(snap: SimSnapshot): Promise<void> {
    // The snapshot holds the latest steps only: the first of them is step `traceStart`.
    const entry = snap.trace[snap.position - 1 - (snap.traceStart ?? 0)];
    const src = entry?.source;
    if (!src) return this.clear();
    const uri = vscode.Uri.parse(src.uri, true);
    let editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    if (!editor) {
      const doc = await vscode.workspace.openTextDocument(uri);
      editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preserveFocus: true, preview: true });
    }
    this.clear();
    const line = Math.min(src.line, editor.document.lineCount - 1);
    const range = new vscode.Range(line, 0, line, editor.document.lineAt(line).text.length);
    const bad = entry.violations.length > 0;
    const words = bad
      ? `\u25c0 step ${snap.position}: ${entry.violations.map((v) => v.short).join('; ')} (${entry.violations[0].rule})`
      : `\u25c0 step ${snap.position}: ${entry.label}${entry.count && entry.count > 1 ? ` (x${entry.count})` : ''}`;
    editor.setDecorations(bad ? this.broken : this.current, [{ range, renderOptions: { after: { contentText: words } } }]);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.shownIn = editor;
  }

  clear(): void {
    this.shownIn?.setDecorations(this.current, []);
    this.shownIn?.setDecorations(this.broken, []);
    this.shownIn = undefined;
  }

  dispose(): void {
    this.current.dispose();
    this.broken.dispose();
  }
}
