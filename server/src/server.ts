// The language server entry: wires LSP events to the session. The analysis
// lives in ../analysis and ../rules; nothing here decides what a finding is.
// Runs over IPC when started by the VS Code client, or over stdio (`--stdio`) for other editors.
import { fileURLToPath } from 'node:url';
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DidChangeConfigurationNotification,
  ErrorCodes, FileChangeType, ResponseError, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { createAnalyzer } from './rules/analyzeWithRules';
import { EditorSession } from './lsp/editorSession';
import { editedDocuments, lastEdit } from './lsp/editedDocuments';
import { readSettings, type Settings } from './lsp/settings';
import { codeActions } from './lsp/codeActions';
import { replayLenses } from './lsp/replayLenses';
import { hover } from './lsp/hover';
import { statusCompletion } from './lsp/statusCompletion';
import { Methods, type AnalyzeWorkspaceResult } from './shared/messages';
import { C_FILE, inSkippedFolder } from './io/workspaceFiles';
import { registerSimulatorHandlers } from './lsp/simulatorHandlers';
import { PRODUCT_VERSION } from './shared/product';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(editedDocuments);
let session: EditorSession | undefined;
let folders: string[] = [];
let configurable = false;
let shutDown = false;
/** Settles when initialize has been answered: a client that sends `initialized` or opens documents early waits for it. */
let markReady: () => void = () => undefined;
const ready = new Promise<void>((r) => (markReady = r));

/** After `shutdown`, LSP allows only `exit`: every other request is refused. */
function refuseAfterShutdown(): void {
  if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'the server has been shut down');
}

connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
  session = new EditorSession(connection, await createAnalyzer());
  // After this answer is on its way: nothing may be asked of the client before it.
  setImmediate(markReady);
  folders = (params.workspaceFolders ?? []).map((f) => f.uri).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  if (folders.length === 0 && params.rootUri?.startsWith('file:')) folders = [fileURLToPath(params.rootUri)];
  session.setFolders(folders);
  configurable = !!params.capabilities.workspace?.configuration;
  session.lensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  if (params.initializationOptions?.settings) session.setSettings(readSettings(params.initializationOptions.settings));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['=', ' '], resolveProvider: false },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'ndis-offload', version: PRODUCT_VERSION },
  };
});

connection.onInitialized(async () => {
  await ready;
  if (shutDown) return;
  if (configurable) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'ndisOffload' });
    await pullSettings();
  }
  await analyzeWorkspace();
});

async function pullSettings(): Promise<void> {
  if (!configurable || !session) return;
  const raw = await connection.workspace.getConfiguration('ndisOffload');
  session.setSettings(readSettings(raw));
}

/** Applies changed settings; when they change which files a scan reads, the workspace is read again. */
async function settingsChanged(next: Settings): Promise<void> {
  if (!session) return;
  const rescan = session.walkChanges(next);
  session.setSettings(next);
  if (rescan) await analyzeWorkspace();
}

let scanning: Promise<AnalyzeWorkspaceResult> | undefined;

/** One workspace scan at a time: a request made during a scan waits for that scan. */
function analyzeWorkspace(): Promise<AnalyzeWorkspaceResult> {
  scanning ??= scanWorkspace().finally(() => (scanning = undefined));
  return scanning;
}

async function scanWorkspace(): Promise<AnalyzeWorkspaceResult> {
  await ready;
  const s = session!;
  const t0 = performance.now();
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('NDIS Offload: analysing workspace', 0, undefined, true);
  let cancelled = false;
  progress.token.onCancellationRequested(() => (cancelled = true));
  const files = await s.scan(folders, (n, file) => progress.report(`${n} files, ${file.split(/[\\/]/).pop()}`), () => cancelled);
  progress.done();
  s.publish();
  let findings = 0;
  for (const list of s.lastFindings.values()) findings += list.filter((f) => f.severity !== 'hint').length; // as the Problems panel counts
  return { files, findings, millis: Math.round(performance.now() - t0) };
}

connection.onDidChangeConfiguration(async (change) => {
  const raw = configurable ? await connection.workspace.getConfiguration('ndisOffload') : change.settings?.ndisOffload;
  await settingsChanged(readSettings(raw));
});

// Notifications that arrive before initialize is answered wait for it; after shutdown they are dropped.
const whenReady = (run: () => void) => void ready.then(() => shutDown || run());
documents.onDidOpen((e) => whenReady(() => session?.opened(e.document.uri, e.document.getText())));
documents.onDidChangeContent((e) => {
  // Taken now: the document object moves on with later changes, and the edit belongs to this text.
  const text = e.document.getText();
  const edit = lastEdit(e.document);
  whenReady(() => session?.changed(e.document.uri, text, edit));
});
documents.onDidClose((e) => whenReady(() => session?.closed(e.document.uri)));

connection.onDidChangeWatchedFiles((e) => {
  if (shutDown) return;
  for (const c of e.changes) {
    if (!C_FILE.test(c.uri)) continue;
    // a file in a folder the scan skips (build output) stays out, as it was at the scan
    if (c.uri.startsWith('file:') && session && folders.some((f) => inSkippedFolder(f, fileURLToPath(c.uri), session!.walkSettings.skipFolders))) continue;
    if (c.type === FileChangeType.Deleted) session?.analyzer.removeFile(c.uri);
    session?.fromDisk(c.uri);
  }
});

connection.onCodeAction((params) => (refuseAfterShutdown(), session ? codeActions(params, (line) => session!.lineText(params.textDocument.uri, line)) : []));
connection.onCodeLens((params) => (refuseAfterShutdown(), session ? replayLenses(session.analyzer, params.textDocument.uri) : []));
connection.onHover((params) => (refuseAfterShutdown(), hover(session?.textOf(params.textDocument.uri), params.position)));
connection.onCompletion((params) => (refuseAfterShutdown(), statusCompletion(session?.textOf(params.textDocument.uri), params.position)));
connection.onRequest(Methods.analyzeWorkspace, () => (refuseAfterShutdown(), analyzeWorkspace()));
registerSimulatorHandlers(connection, undefined, refuseAfterShutdown);

connection.onShutdown(() => {
  refuseAfterShutdown();
  shutDown = true;
  session?.dispose();
});
documents.listen(connection);
connection.listen();
