// The VS Code side: starts the language server, registers the commands, shows
// the analysis state. Everything that analyses or simulates runs in the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sequencePreviewPlugin } from './sequencePreview';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { Methods, type AnalysisStatusParams, type AnalyzeWorkspaceResult } from '../../server/src/shared/messages';
import { openSimulatorPanel, registerSimulatorSerializer, OPEN_SIMULATOR_COMMAND } from './simulatorPanel';
import { ScenarioProblems } from './scenarioProblems';

/** Rule ids and titles as the manifest lists them (generated from the server's rule registry). */
function manifestRules(context: vscode.ExtensionContext): { id: string; title: string }[] {
  const props = context.extension.packageJSON?.contributes?.configuration?.properties?.['ndisOffload.rules']?.properties ?? {};
  return Object.entries(props as Record<string, { description?: string }>).map(([id, p]) => ({ id, title: p.description ?? '' }));
}

const ruleDocPath = (id: string) => `docs/rules/${id.replace('/', '-')}.md`;

let client: LanguageClient | undefined;

/** What activate() hands VS Code: the Markdown preview's plugin that draws exported sequence diagrams. */
export interface ExtensionApi {
  extendMarkdownIt(md: Parameters<typeof sequencePreviewPlugin>[0]): ReturnType<typeof sequencePreviewPlugin>;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6012'] } },
  };
  const output = vscode.window.createOutputChannel('NDIS Offload');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cpp' },
      { scheme: 'untitled', language: 'c' },
      { scheme: 'untitled', language: 'cpp' },
    ],
    synchronize: {
      configurationSection: 'ndisOffload',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{c,h,cpp,hpp,cc,cxx,hh,hxx,inl}'),
    },
    outputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('ndisOffload') },
  };
  client = new LanguageClient('ndisOffload', 'NDIS Offload', serverOptions, clientOptions);

  const status = vscode.languages.createLanguageStatusItem('ndisOffload.status', [{ language: 'c' }, { language: 'cpp' }]);
  status.name = 'NDIS Offload';
  status.text = '$(sync~spin) NDIS Offload';
  status.detail = 'starting';
  status.command = { title: 'Analyze Workspace', command: 'ndisOffload.analyzeWorkspace' };
  const scenarioProblems = new ScenarioProblems();
  context.subscriptions.push(status, output, scenarioProblems);

  context.subscriptions.push(
    vscode.commands.registerCommand('ndisOffload.analyzeWorkspace', async () => {
      if (!client) return;
      status.busy = true;
      const r = await client.sendRequest<AnalyzeWorkspaceResult>(Methods.analyzeWorkspace);
      status.busy = false;
      void vscode.window.showInformationMessage(`NDIS Offload: ${r.files} files analysed in ${r.millis} ms, ${r.findings} findings.`);
    }),
    vscode.commands.registerCommand('ndisOffload.showRuleDocumentation', async (ruleId?: string) => {
      const id = ruleId ?? (await vscode.window.showQuickPick(manifestRules(context).map((r) => ({ label: r.id, description: r.title })), { placeHolder: 'Rule' }))?.label;
      if (!id) return;
      // The rendered page, read-only: the Markdown preview of the page that ships with the extension.
      const uri = vscode.Uri.file(context.asAbsolutePath(ruleDocPath(id)));
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    }),
    vscode.commands.registerCommand(OPEN_SIMULATOR_COMMAND, (replay?: Parameters<typeof openSimulatorPanel>[3]) => {
      if (client) openSimulatorPanel(context, client, scenarioProblems, replay);
    }),
    registerSimulatorSerializer(context, () => client, scenarioProblems),
  );

  await client.start();
  client.onNotification(Methods.analysisStatus, (p: AnalysisStatusParams) => {
    status.busy = p.state === 'analyzing';
    // The count is what the Problems panel lists (hints are not listed there).
    // Short: VS Code shows text and detail on one line of a hover that does not wrap.
    status.text = p.findings ? `$(warning) NDIS Offload: ${p.findings} ${p.findings === 1 ? 'problem' : 'problems'}` : '$(check) NDIS Offload';
    status.detail = (p.coverage ? `${understood(p.coverage)} · ` : '') + `${p.files} ${p.files === 1 ? 'file' : 'files'} in ${Math.round(p.millis)} ms`;
    status.severity = p.findings ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  });
  return { extendMarkdownIt: (md) => sequencePreviewPlugin(md) };
}

/** The share of the workspace the analysis understood, in words (the output channel lists what it left out). */
function understood(c: NonNullable<AnalysisStatusParams['coverage']>): string {
  const share = c.functions ? Math.floor((c.analysed / c.functions) * 1000) / 10 : 100;
  const errors = c.parseErrorRegions ? `, ${c.parseErrorRegions} unreadable region${c.parseErrorRegions === 1 ? '' : 's'}` : '';
  return `${share}% understood (${c.analysed}/${c.functions} functions${errors})`;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
