// Fills the simulator page template. Free of `vscode` so the browser test renders
// exactly what the extension renders.

import { randomBytes } from 'node:crypto';

export interface SimulatorHtmlParams {
  /** webview.cspSource: the only origin styles and scripts may come from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The diagram layout module, loaded before the page script. */
  layoutUri: string;
  /** The codicon font's stylesheet (the toolbar's icons). */
  codiconUri: string;
}

export function renderSimulatorHtml(template: string, p: SimulatorHtmlParams): string {
  return template.replace(/\{\{(cspSource|nonce|scriptUri|styleUri|layoutUri|codiconUri)\}\}/g, (_m, k: keyof SimulatorHtmlParams) => p[k]);
}

/** 128 random bits, base64url: unguessable per page load. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}
