// npm run mutate -- [--kinds a,b] [--max-per-kind N] [--misses N] [--markdown] [--keep] FOLDER...
// Injects each documented mistake kind at every indication and offload-event site of each driver
// tree (in a temporary copy; the tree itself is never written), analyses each mutation through the
// library and prints the recall per kind, per tree and in total, with any change to unrelated findings.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { mutateTree, recall, totals, type KindResult, type TreeResult } from './harness';
import { KINDS } from './kinds';

const USAGE = 'usage: npm run mutate -- [--kinds a,b] [--max-per-kind N] [--misses N] [--markdown] [--keep] FOLDER...';

async function main(argv: string[]): Promise<number> {
  const folders: string[] = [];
  let kinds: string[] | undefined;
  let maxPerKind: number | undefined;
  let misses = 5;
  let markdown = false;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--kinds') kinds = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--max-per-kind') maxPerKind = Number(argv[++i]);
    else if (a === '--misses') misses = Number(argv[++i]);
    else if (a === '--markdown') markdown = true;
    else if (a === '--keep') keep = true;
    else if (a === '-h' || a === '--help') return console.log(USAGE), 0;
    else if (a.startsWith('-')) return console.error(`mutate: unknown option ${a}\n${USAGE}`), 2;
    else folders.push(resolve(a));
  }
  const unknown = (kinds ?? []).filter((k) => !KINDS.some((x) => x.id === k));
  if (unknown.length) return console.error(`mutate: unknown kind ${unknown.join(', ')}; kinds: ${KINDS.map((k) => k.id).join(', ')}`), 2;
  if (maxPerKind !== undefined && !(maxPerKind > 0)) return console.error('mutate: --max-per-kind needs a positive number'), 2;
  if (folders.length === 0) return console.error(USAGE), 2;
  for (const f of folders) if (!existsSync(f) || !statSync(f).isDirectory()) return console.error(`mutate: ${f} is not a folder`), 2;

  const trees: TreeResult[] = [];
  for (const folder of folders) {
    const t = await mutateTree(folder, { kinds, maxPerKind, keep, log: (l) => console.error(l) });
    trees.push(t);
    if (t.copy) console.error(`  copy kept in ${t.copy}`);
  }
  for (const t of trees) {
    console.log(`\n${name(t.folder)}: ${t.files} files, ${t.callsFound} of ${t.textCalls} indication calls found (${t.indicationSites} sites with their callers), ${t.eventSites} offload-event sites, ${t.baselineFindings} findings unmodified`);
    console.log(table(t.kinds, markdown));
  }
  if (trees.length > 1) {
    console.log('\nall trees');
    console.log(table(totals(trees), markdown));
  }
  const all = totals(trees);
  for (const r of all) {
    for (const m of r.misses.slice(0, misses)) console.log(`missed ${r.kind.id}: ${m.file}:${m.line}: ${m.text}`);
    for (const m of r.unplaced.slice(0, misses)) console.log(`not placed ${r.kind.id}: ${m.file}:${m.line}: ${m.text}`);
    for (const u of r.unrelated.slice(0, misses)) console.log(`unrelated change after ${r.kind.id}: ${u.place.file}:${u.place.line}: ${u.change}`);
  }
  return 0;
}

function name(folder: string): string {
  const parts = folder.split(/[\\/]/);
  const i = parts.findIndex((p) => p.includes('+'));
  return i >= 0 ? parts.slice(i).join('/') : basename(folder);
}

function table(rows: readonly KindResult[], markdown: boolean): string {
  const head = ['kind', 'rule', 'mutations', 'caught', 'recall', 'already', 'unplaced', 'side', 'unrelated'];
  const body = rows.map((r) => {
    const rc = recall(r);
    return [r.kind.id, r.kind.rule, String(r.points), String(r.caught), rc === undefined ? 'n/a' : `${(rc * 100).toFixed(1)}%`, String(r.already), String(r.unplaced.length), String(r.side), String(r.unrelated.length)];
  });
  if (markdown) return [head, head.map(() => '---'), ...body].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body].map((cells) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
