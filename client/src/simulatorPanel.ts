// The offload simulator webview: one panel, driven by the language server
// through the ndis/simulator/... requests. The webview holds its own state
// (setState) and sends it back in `ready`, so hiding, moving or reloading the
// panel, and restarting VS Code (the serializer), all take the same path.
// A replay moves an execution pointer through the user's C source with the panel.

import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { isRevealable } from './revealTarget';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SimulatorMethods, validateFromWebview, type FromWebview, type SimExportResult, type SimPanelRestore,
  type SimReplayParams, type SimScenarioList, type SimSnapshot, type ToWebview,
} from '../../server/src/shared/messages';
import { ExecutionPointer } from './executionPointer';
import { ScenarioProblems } from './scenarioProblems';
import { makeNonce, renderSimulatorHtml } from './simulatorHtml';
import { NEW_SCENARIO_TEMPLATE } from './scenarioTemplate';

export const SIMULATOR_VIEW_TYPE = 'ndisOffload.simulator';
export const OPEN_SIMULATOR_COMMAND = 'ndisOffload.openSimulator';
export const SHOW_RULE_COMMAND = 'ndisOffload.showRuleDocumentation';
const SCENARIO_GLOB = '**/*.offload-scenario.json';

let current: SimulatorPanel | undefined;

/** Opens (or reveals) the panel; with `replay`, shows the events of a code path. */
export function openSimulatorPanel(context: vscode.ExtensionContext, client: LanguageClient, problems: ScenarioProblems, replay?: SimReplayParams): void {
  if (current) {
    current.panel.reveal(undefined, true);
    if (replay) void current.openReplay(replay);
    return;
  }
  const panel = vscode.window.createWebviewPanel(SIMULATOR_VIEW_TYPE, 'Offload Simulator', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: !!replay }, webviewOptions(context));
  current = new SimulatorPanel(context, panel, client, problems, replay);
}

/** Restores the panel after a reload; call once from activate(). */
export function registerSimulatorSerializer(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, problems: ScenarioProblems): vscode.Disposable {
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
      current = new SimulatorPanel(context, panel, client, problems);
    },
  });
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')] };
}

class SimulatorPanel {
  private sessionId: string | undefined;
  private scenarioId: string | undefined;
  private title = 'run';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pointer = new ExecutionPointer();

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private readonly problems: ScenarioProblems,
    private pendingReplay?: SimReplayParams,
  ) {
    panel.webview.html = this.html();
    panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    const watcher = vscode.workspace.createFileSystemWatcher(SCENARIO_GLOB);
    const refresh = (uri: vscode.Uri): void => void this.sendScenarios(uri.toString()).catch((e) => this.post({ type: 'error', message: String(e) }));
    watcher.onDidChange(refresh, undefined, this.disposables);
    watcher.onDidCreate(refresh, undefined, this.disposables);
    watcher.onDidDelete(refresh, undefined, this.disposables);
    this.disposables.push(watcher, this.pointer);
  }

  async openReplay(replay: SimReplayParams): Promise<void> {
    await this.closeSession();
    await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.replay, replay));
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg: FromWebview | undefined = validateFromWebview(raw);
    if (!msg) return; // malformed: dropped, never trusted
    try {
      await this.handle(msg);
    } catch (e) {
      this.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private async handle(msg: FromWebview): Promise<void> {
    const session = (): { sessionId: string } => {
      // Every action that expects a snapshot gets one or an error, so the page's queue never stalls.
      if (!this.sessionId) throw new Error('No run is open: pick a scenario.');
      return { sessionId: this.sessionId };
    };
    switch (msg.type) {
      case 'ready':
        await this.sendScenarios();
        return this.start(msg.restore);
      case 'step':
      case 'stepBack':
        return this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods[msg.type], session()));
      case 'reset':
        return this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.reset, session()));
      case 'goto':
        return this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.goto, { ...session(), position: msg.position }));
      case 'setPolicy':
        return this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.reset, { ...session(), policy: msg.policy }));
      case 'setSeed':
        return this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.reset, { ...session(), seed: msg.seed }));
      case 'selectScenario':
        await this.closeSession();
        return this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.open, { scenarioId: msg.scenarioId }));
      case 'revealSource':
        return revealSource(msg.uri, msg.line);
      case 'showFix':
        if (msg.uri === undefined || msg.line === undefined) return void vscode.commands.executeCommand(SHOW_RULE_COMMAND, msg.rule);
        await revealSource(msg.uri, msg.line);
        return void vscode.commands.executeCommand('editor.action.quickFix');
      case 'openRule':
        return void vscode.commands.executeCommand(SHOW_RULE_COMMAND, msg.rule);
      case 'export':
        return this.exportTrace(msg.format);
      case 'saveScenario':
        return this.saveScenario();
      case 'newScenario':
        return this.newScenario();
      case 'openScenario':
        return this.openScenarioFile();
      case 'refreshScenarios':
        return this.sendScenarios();
      case 'showProblems':
        return void vscode.commands.executeCommand('workbench.actions.view.problems');
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

  /** Sends the scenario list, puts the files' problems in the Problems panel, and closes a run whose file broke. */
  private async sendScenarios(changed?: string): Promise<void> {
    const uris = await vscode.workspace.findFiles(SCENARIO_GLOB, '**/node_modules/**', 200);
    const files = await Promise.all(
      uris.map(async (uri) => ({ uri: uri.toString(), text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) })),
    );
    const list = await this.client.sendRequest<SimScenarioList>(SimulatorMethods.listScenarios, { files });
    this.problems.set(files.map((f) => f.uri), list.errors);
    this.post({ type: 'scenarios', scenarios: list.scenarios, errors: list.errors });
    const broken = list.scenarios.find((s) => s.broken && s.id === this.scenarioId);
    if (broken) {
      await this.closeSession();
      this.pointer.clear();
      this.post({ type: 'broken', scenarioId: broken.id, name: broken.name, problems: list.errors.filter((e) => e.file === broken.id).length });
    } else if (changed && changed === this.scenarioId && this.sessionId) {
      // The open scenario's file was edited and still parses: run the new version, never a stale copy.
      await this.closeSession();
      await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.open, { scenarioId: changed }));
    } else if (changed && changed === this.scenarioId && !this.sessionId && list.scenarios.some((s) => s.id === changed && !s.broken)) {
      // A broken file fixed again.
      await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.open, { scenarioId: changed }));
    }
  }

  /** The whole run, through a save dialog; JSON opens beside nothing, Mermaid in the Markdown preview. */
  private async exportTrace(format: 'json' | 'mermaid'): Promise<void> {
    const { sessionId } = this.needSession();
    const { text } = await this.client.sendRequest<SimExportResult>(SimulatorMethods.exportTrace, { sessionId, format });
    const target = await vscode.window.showSaveDialog({
      defaultUri: defaultFile(`${slug(this.title)}.trace${format === 'json' ? '.json' : '.md'}`),
      filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
      saveLabel: 'Export',
      title: `Export the whole run as ${format === 'json' ? 'JSON' : 'a Mermaid sequence diagram'}`,
    });
    if (!target) return;
    const body = format === 'json' ? text : `# ${this.title}\n\n\`\`\`mermaid\n${text}\`\`\`\n`;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(body));
    if (format === 'json') await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.One, preview: false });
    else await vscode.commands.executeCommand('markdown.showPreview', target);
    this.post({ type: 'exported', format, file: target.toString() });
  }

  private async saveScenario(): Promise<void> {
    const { sessionId } = this.needSession();
    const { text } = await this.client.sendRequest<SimExportResult>(SimulatorMethods.saveScenario, { sessionId });
    const target = await vscode.window.showSaveDialog({
      defaultUri: defaultFile(`${slug(this.title)}.offload-scenario.json`),
      filters: { 'Offload scenario': ['offload-scenario.json', 'json'] },
      saveLabel: 'Save scenario',
      title: 'Save the run as a scenario file',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.One, preview: false });
    this.post({ type: 'exported', format: 'scenario', file: target.toString() });
    await this.sendScenarios();
  }

  private async newScenario(): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: defaultFile('my.offload-scenario.json'),
      filters: { 'Offload scenario': ['offload-scenario.json', 'json'] },
      saveLabel: 'Create scenario',
      title: 'New scenario file',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(NEW_SCENARIO_TEMPLATE));
    await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.One, preview: false });
    await this.sendScenarios();
  }

  private async openScenarioFile(): Promise<void> {
    const [file] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Offload scenario': ['json'] }, openLabel: 'Open scenario', title: 'Open a scenario file' })) ?? [];
    if (!file) return;
    await vscode.window.showTextDocument(file, { viewColumn: vscode.ViewColumn.One, preview: false });
    await this.sendScenarios();
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    const r = await this.client.sendRequest<{ ok: boolean }>(SimulatorMethods.loadScenario, { uri: file.toString(), text });
    if (r.ok) {
      await this.closeSession();
      await this.show(this.client.sendRequest<SimSnapshot>(SimulatorMethods.open, { scenarioId: file.toString() }));
    } else await this.sendScenarios();
  }

  private needSession(): { sessionId: string } {
    if (!this.sessionId) throw new Error('No run is open: pick a scenario.');
    return { sessionId: this.sessionId };
  }

  private async show(request: Promise<SimSnapshot>): Promise<void> {
    const snapshot = await request;
    this.sessionId = snapshot.sessionId;
    this.scenarioId = snapshot.scenarioId;
    this.title = snapshot.title;
    this.post({ type: 'snapshot', snapshot });
    await this.pointer.show(snapshot).catch(() => this.pointer.clear()); // a file that went away: no pointer, the run goes on
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
    const uri = (f: string): string => webview.asWebviewUri(vscode.Uri.joinPath(root, f)).toString();
    // Read once per panel: the template is small and ships with the extension.
    const template = readFileSync(vscode.Uri.joinPath(root, 'simulator.html').fsPath, 'utf8');
    return renderSimulatorHtml(template, {
      cspSource: webview.cspSource,
      nonce,
      scriptUri: uri('simulator.js'),
      styleUri: uri('simulator.css'),
      layoutUri: uri('diagramLayout.js'),
      codiconUri: uri('codicon.css'),
    });
  }

  private dispose(): void {
    void this.closeSession();
    this.pointer.clear();
    if (current === this) current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

async function revealSource(uri: string, line: number): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  const open = vscode.workspace.textDocuments.map((d) => d.uri.toString());
  if (!isRevealable(uri, folders, open)) {
    void vscode.window.showWarningMessage(`NDIS Offload: the simulator asked to open ${uri.slice(0, 200)}, which is not a file of this workspace; it was not opened.`);
    return;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
  const pos = new vscode.Position(Math.min(line, Math.max(0, doc.lineCount - 1)), 0);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
}

function defaultFile(name: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, name) : undefined;
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'run';
}
