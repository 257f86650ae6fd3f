// The extension's settings as the server reads them (ndisOffload.*).
import { RULES, type SeveritySetting } from '../rules/registry';
import { DEFAULT_SKIP_FOLDERS } from '../io/workspaceFiles';

export interface Settings {
  enable: boolean;
  /** Rule id -> severity; missing ids keep their default. */
  rules: Record<string, SeveritySetting>;
  /** Glob patterns of files to leave out (see exclude.ts). */
  exclude: string[];
  /** Whether chimney use itself is hinted (chimney/deprecated). */
  deprecationHints: boolean;
  /** Functions outside the workspace that wait for the terminates of an upload-all. */
  terminateWaits: string[];
  /** Folder names the workspace scan does not enter. */
  skipFolders: string[];
  /** Whether the workspace scan follows links out of the workspace folder. */
  followExternalLinks: boolean;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, exclude: [], deprecationHints: true, terminateWaits: [], skipFolders: [...DEFAULT_SKIP_FOLDERS], followExternalLinks: false };

const SEVERITIES = new Set(['off', 'hint', 'info', 'warning', 'error']);

/** Accepts whatever the client sent and keeps only what is valid. */
export function readSettings(raw: unknown): Settings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (r.rules && typeof r.rules === 'object') {
    for (const [k, v] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof v === 'string' && SEVERITIES.has(v) && RULES.some((x) => x.id === k)) rules[k] = v as SeveritySetting;
    }
  }
  const deprecationHints = r.deprecationHints !== false;
  if (!deprecationHints && !rules['chimney/deprecated']) rules['chimney/deprecated'] = 'off';
  return {
    enable: r.enable !== false,
    rules,
    exclude: Array.isArray(r.exclude) ? r.exclude.filter((x): x is string => typeof x === 'string') : [],
    deprecationHints,
    terminateWaits: Array.isArray(r.terminateWaits) ? r.terminateWaits.filter((x): x is string => typeof x === 'string' && /^[A-Za-z_]\w{0,200}$/.test(x)).slice(0, 1000) : [],
    skipFolders: Array.isArray(r.skipFolders) ? r.skipFolders.filter((x): x is string => typeof x === 'string') : [...DEFAULT_SKIP_FOLDERS],
    followExternalLinks: r.followExternalLinks === true,
  };
}
