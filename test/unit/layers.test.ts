// The layer rules of ARCHITECTURE.md, checked over the import graph of the
// sources: which folder may import which, which packages each layer may use, and
// no import cycle between files. A new arrow against the layers fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** Folder (a layer) -> the layers it may import. Keep in step with the code map in ARCHITECTURE.md. */
export const LAYERS: Record<string, readonly string[]> = {
  'server/src/ndis': [],
  'server/src/protocol': [],
  'server/src/io': [],
  'server/src/parse': [],
  'server/src/shared': ['server/src/protocol'],
  'server/src/analysis': ['server/src/parse', 'server/src/ndis', 'server/src/protocol'],
  'server/src/simulator': ['server/src/protocol', 'server/src/ndis', 'server/src/shared'],
  'server/src/rules': ['server/src/analysis', 'server/src/ndis', 'server/src/protocol'],
  'server/src/lsp': ['server/src/analysis', 'server/src/rules', 'server/src/simulator', 'server/src/shared', 'server/src/io', 'server/src/ndis', 'server/src/protocol'],
  'server/src/cli': ['server/src/analysis', 'server/src/rules', 'server/src/simulator', 'server/src/shared', 'server/src/io', 'server/src/ndis', 'server/src/protocol'],
  'server/src': ['server/src/lsp', 'server/src/rules', 'server/src/shared', 'server/src/io'],
  'client/src': ['server/src/shared'],
};

/** The package manifest is data read in one place, the product's identity (version, repository URL). */
const MANIFEST = 'package.json';
const MANIFEST_READERS = new Set(['server/src/shared/product.ts']);

/** Packages that tie code to an editor or a wire: only the wire layers may use them. */
const WIRE_PACKAGES = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*)$/;
const WIRE_LAYERS = new Set(['server/src/lsp', 'server/src', 'client/src']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

interface Import {
  from: string;
  spec: string;
  /** The imported file, repository-relative, for relative imports. */
  to?: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const from = relative(ROOT, file);
    if (!spec.startsWith('.')) {
      out.push({ from, spec });
      continue;
    }
    let to = relative(ROOT, resolve(dirname(file), spec));
    try {
      if (statSync(join(ROOT, to)).isDirectory()) to = join(to, 'index');
    } catch {
      // a file without its extension
    }
    if (!/\.(ts|js|json)$/.test(to)) to += '.ts';
    out.push({ from, spec, to });
  }
  return out;
}

/** The layer of a file: the longest LAYERS key that holds it. */
function layerOf(file: string): string | undefined {
  let best: string | undefined;
  for (const l of Object.keys(LAYERS)) {
    if (file.startsWith(l + '/') && (!best || l.length > best.length)) best = l;
  }
  return best;
}

const FILES = [...sources(join(ROOT, 'server/src')), ...sources(join(ROOT, 'client/src'))];
const IMPORTS = FILES.flatMap(importsOf);

export function layerProblems(imports: readonly Import[]): string[] {
  const out: string[] = [];
  for (const i of imports) {
    const own = layerOf(i.from);
    if (!own) {
      out.push(`${i.from} is in no layer: add its folder to LAYERS and to ARCHITECTURE.md`);
      continue;
    }
    if (!i.to) {
      if (WIRE_PACKAGES.test(i.spec) && !WIRE_LAYERS.has(own)) out.push(`${i.from} imports ${i.spec}: only the wire layers (lsp, the server entry, the client) may`);
      continue;
    }
    if (i.to === MANIFEST) {
      if (!MANIFEST_READERS.has(i.from)) out.push(`${i.from} imports ${MANIFEST}: only ${[...MANIFEST_READERS].join(', ')} reads it`);
      continue;
    }
    const target = layerOf(i.to);
    if (!target) {
      out.push(`${i.from} imports ${i.to}, which is in no layer`);
      continue;
    }
    if (target !== own && !LAYERS[own].includes(target)) out.push(`${i.from} imports ${i.to}: ${own} may not import ${target}`);
  }
  return out;
}

export function fileCycles(imports: readonly Import[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const i of imports) if (i.to) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  return cycles;
}

test('every import follows the layer order of ARCHITECTURE.md', () => {
  assert.deepEqual(layerProblems(IMPORTS), []);
});

test('no import cycle between files', () => {
  assert.deepEqual(fileCycles(IMPORTS).map((c) => c.join(' -> ')), []);
});

test('the checks catch an arrow against the layers, a wire package below the wire, and a cycle', () => {
  assert.equal(layerProblems([{ from: 'server/src/analysis/a.ts', spec: '../rules/registry', to: 'server/src/rules/registry.ts' }]).length, 1);
  assert.equal(layerProblems([{ from: 'server/src/rules/x.ts', spec: 'vscode-languageserver/node' }]).length, 1);
  assert.equal(layerProblems([{ from: 'client/src/x.ts', spec: '../../server/src/rules/registry', to: 'server/src/rules/registry.ts' }]).length, 1);
  assert.deepEqual(layerProblems([{ from: 'server/src/lsp/x.ts', spec: '../rules/registry', to: 'server/src/rules/registry.ts' }]), []);
  assert.equal(layerProblems([{ from: 'server/src/cli/x.ts', spec: '../../../package.json', to: 'package.json' }]).length, 1);
  assert.deepEqual(layerProblems([{ from: 'server/src/shared/product.ts', spec: '../../../package.json', to: 'package.json' }]), []);
  assert.equal(fileCycles([{ from: 'a.ts', spec: './b', to: 'b.ts' }, { from: 'b.ts', spec: './a', to: 'a.ts' }]).length, 1);
});

test('ARCHITECTURE.md names every folder of server/src and client', () => {
  const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  const folders = [...new Set(FILES.map((f) => dirname(relative(ROOT, f))))].sort();
  for (const f of [...folders, 'client/webview']) assert.ok(doc.includes(`${f}/`) || doc.includes(`\`${f}\``), `ARCHITECTURE.md does not name ${f}`);
});

test('ARCHITECTURE.md names every module outside the rule families (the map stays true as modules are added)', () => {
  const doc = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  // Rule files are found by the registry (one per rule id, rule-files.test.ts); every other module is on the map.
  const modules = FILES.map((f) => relative(ROOT, f)).filter((f) => !/^server\/src\/rules\/[^/]+\//.test(f));
  const missing = modules.filter((f) => {
    const base = f.slice(f.lastIndexOf('/') + 1);
    return !doc.includes(base) && !doc.includes(`\`${base.replace(/\.ts$/, '')}\``);
  });
  assert.deepEqual(missing, []);
});
