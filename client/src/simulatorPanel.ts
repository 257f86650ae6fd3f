// The offload simulator webview: one panel, driven by the language server
// through the ndis/simulator/... requests. The webview holds its own state
// (setState) and sends it back in `ready`, so hiding, moving or reloading the
// panel, and restarting VS Code (the serializer), all take the same path.

import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SimulatorMethods, validateFromWebview, type FromWebview, type SimPanelRestore,
  type SimReplayParams, type SimScenarioList, type SimSnapshot, type ToWebview,
} from '../../server/src/shared/messages';
import { makeNonce, renderSimulatorHtml } from './simulatorHtml';

export const SIMULATOR_VIEW_TYPE = 'ndisOffload.simulator';
export const OPEN_SIMULATOR_COMMAND = 'ndisOffload.openSimulator';
const SCENARIO_GLOB = '**/*.offload-scenario.json';

let current: SimulatorPanel | undefined;

/** Opens (or reveals) the panel; with `replay`, shows the events of a code path. */
export function openSimulatorPanel(context: vscode.ExtensionContext, client: LanguageClient, replay?: SimReplayParams): void {
  if (current) {
    current.panel.reveal();
    if (replay) void current.openReplay(replay);
    return;
  }
  const panel = vscode.window.createWebviewPanel(SIMULATOR_VIEW_TYPE, 'Offload Simulator', vscode.ViewColumn.Beside, webviewOptions(context));
  current = new SimulatorPanel(context, panel, client, replay);
}

/** Restores the panel after a reload; call once from activate(). */
export function registerSimulatorSerializer(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(SIMULATOR_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
      const client = getClient();
      if (!client) {
        panel.dispose();
        return;
      }
      panel.webview.options = webviewOptions(context);
      current?.panel.dispose();
      // The webview's saved state comes back in its `ready` message.
      current = new SimulatorPanel(context, panel, client);
    },
  });
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')] };
}

class SimulatorPanel {
  private sessionId: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private pendingReplay?: SimReplayParams,
  ) {
    panel.webview.html = this.html();
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    const watcher = vscode.workspace.createFileSystemWatcher(SCENARIO_GLOB);
    const refresh = (): void => void this.sendScenarios();
    watcher.onDidChange(refresh, undefined, this.disposables);
    watcher.onDidCreate(refresh, undefined, this.disposables);
    watcher.onDidDelete(refresh, undefined, this.disposables);
    this.disposables.push(watcher);
  }

  async openReplay(replay: SimReplayParams): Promise<void> {
    await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.replay, replay));
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg: FromWebview | undefined = validateFromWebview(raw);
    if (!msg) return; // malformed: dropped, never trusted
    try {
      switch (msg.type) {
        case 'ready':
          await this.sendScenarios();
          return await this.start(msg.restore);
        case 'step':
        case 'stepBack':
          if (this.sessionId) await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods[msg.type], { sessionId: this.sessionId }));
          return;
        case 'reset':
          if (this.sessionId) await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.reset, { sessionId: this.sessionId }));
          return;
        case 'setPolicy':
          if (this.sessionId) await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.reset, { sessionId: this.sessionId, policy: msg.policy }));
          return;
        case 'setSeed':
          if (this.sessionId) await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.reset, { sessionId: this.sessionId, seed: msg.seed }));
          return;
        case 'selectScenario':
          await this.closeSession();
          await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.open, { scenarioId: msg.scenarioId }));
          return;
        case 'revealSource':
          return await revealSource(msg.uri, msg.line);
        case 'export':
          return await this.exportTrace(msg.format);
      }
    } catch (e) {
      this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** A fresh session: a pending replay first, then what the webview saved, else the default scenario. */
  private async start(restore?: SimPanelRestore): Promise<void> {
    await this.closeSession();
    if (this.pendingReplay) {
      const replay = this.pendingReplay;
      this.pendingReplay = undefined;
      return this.openReplay(replay);
    }
    if (restore?.replay) {
      return this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.replay, { ...restore.replay, seed: restore.seed, position: restore.position }));
    }
    try {
      await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.open, restore ?? {}));
    } catch {
      // The saved scenario file may be gone or broken now: fall back to the default one.
      await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.open, {}));
    }
  }

  private async sendScenarios(): Promise<void> {
    const uris = await vscode.workspace.findFiles(SCENARIO_GLOB, '**/node_modules/**', 200);
    const files = await Promise.all(
      uris.map(async (uri) => ({ uri: uri.toString(), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) })),
    );
    const list = await this.client.sendRequest<SimScenarioList>(SimulatorMethods.listScenarios, { files });
    this.post({ type: 'scenarios', scenarios: list.scenarios, errors: list.errors });
  }

  private async exportTrace(format: 'json' | 'mermaid'): Promise<void> {
    if (!this.sessionId) return;
    const { text } = await this.client.sendRequest<{ text: string }>(SimulatorMethods.exportTrace, { sessionId: this.sessionId, format });
    const doc = await vscode.workspace.openTextDocument({ content: format === 'mermaid' ? '```mermaid\n' + text + '```\n' : text, language: format === 'json' ? 'json' : 'markdown' });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.Active);
    this.post({ type: 'exported', format });
  }

  private async show(request: Promise<SimSnapshot>): Promise<void> {
    const snapshot = await request;
    this.sessionId = snapshot.sessionId;
    this.post({ type: 'snapshot', snapshot });
  }

  private post(msg: ToWebview): void {
    void this.panel.webview.postMessage(msg);
  }

  private async closeSession(): Promise<void> {
    if (!this.sessionId) return;
    const id = this.sessionId;
    this.sessionId = undefined;
    await this.client.sendRequest(SimulatorMethods.close, { sessionId: id }).then(undefined, () => undefined);
  }

  private html(): string {
    const webview = this.panel.webview;
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    const nonce = makeNonce();
    // Read once per panel: the template is small and ships with the extension.
    const template = readFileSync(vscode.Uri.joinPath(root, 'simulator.html').fsPath, 'utf8');
    return renderSimulatorHtml(template, {
      cspSource: webview.cspSource,
      nonce,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'simulator.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'simulator.css')).toString(),
    });
  }

  private dispose(): void {
    void this.closeSession();
    if (current === this) current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

async function revealSource(uri: string, line: number): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
  const pos = new vscode.Position(Math.min(line, Math.max(0, doc.lineCount - 1)), 0);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
}
