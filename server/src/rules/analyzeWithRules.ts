// The analyzer with every rule of the registry: what the language server, the
// command line and the tests run.
import { Analyzer } from '../analysis/analyze';
import type { Finding, SeveritySetting } from '../analysis/findings';
import { ALL_RULES } from './index';

export function createAnalyzer(severities: Record<string, SeveritySetting> = {}, terminateWaits: readonly string[] = []): Promise<Analyzer> {
  return Analyzer.create({ checks: ALL_RULES, severities, terminateWaits });
}

/** One-shot analysis of in-memory sources, for tests and tools. */
export async function analyzeSources(sources: { uri: string; text: string }[], severities: Record<string, SeveritySetting> = {}): Promise<Finding[]> {
  const a = await createAnalyzer(severities);
  for (const s of sources) a.setFile(s.uri, s.text);
  return [...a.analyze().values()].flat();
}
