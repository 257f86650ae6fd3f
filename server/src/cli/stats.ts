// `--stats`: what the analysis understood, per file and in total (see analysis/coverage.ts).
import type { Coverage } from '../analysis/coverage';

/** Lines for stderr: a summary, then each file with its functions, those left out and its parse-error regions. */
export function formatStats(c: Coverage, show: (uri: string) => string): string[] {
  const cpp = c.files.filter((f) => f.lang === 'cpp');
  const pct = (n: number) => `${(Math.floor(n * 1000) / 10).toFixed(1)}%`;
  const out: string[] = [
    `stats: ${c.files.length} file(s) (${cpp.length} read as C++), ${c.functions} function(s): ${c.analysed} analysed, ${c.skipped} not analysed (${pct(c.share)} understood); ` +
      `${c.parseErrorRegions} parse-error region(s) in ${c.filesWithParseErrors} file(s)`,
  ];
  if (cpp.length) {
    const fns = cpp.reduce((n, f) => n + f.functions, 0);
    const done = cpp.reduce((n, f) => n + f.analysed, 0);
    out.push(`stats: C++: ${fns} function(s): ${done} analysed, ${fns - done} not analysed`);
  }
  for (const f of c.files) {
    const errs = f.parseErrors.length;
    out.push(
      `stats: ${show(f.uri)} (${f.lang === 'cpp' ? 'C++' : 'C'}): ${f.functions} function(s), ${f.analysed} analysed` +
        (f.skipped.length ? `, ${f.skipped.length} not analysed` : '') +
        (errs ? `, ${errs} parse-error region(s)` : '') +
        (f.note ? `; ${f.note}` : ''),
    );
    for (const s of f.skipped) out.push(`stats:   line ${s.line}: ${s.name}: ${s.message}`);
    if (errs) out.push(`stats:   parse errors at line(s) ${f.parseErrors.map((r) => (r.endLine > r.line ? `${r.line}-${r.endLine}` : `${r.line}`)).join(', ')}`);
  }
  return out;
}
