// Path-sensitive protocol checking (pause / upload-all / resume) across the workspace.
import type { RawFinding } from '../../rules/types';
import type { WorkspaceIndex } from '../workspace';

export function protocolFindings(_ws: WorkspaceIndex): RawFinding[] {
  return [];
}
