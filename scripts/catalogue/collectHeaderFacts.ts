// Collects the numbers and structure facts the status catalogue needs from
// public material fetched outside the repository, and writes them, as data in
// our own form, to server/src/ndis/headerValues.ts and structureFacts.ts.
// No header or page text is copied: only names, numbers and page paths.
//
//   tsc -p . && node out/scripts/catalogue/collectHeaderFacts.js \
//     --wdk <git dir of microsoft/wdkmetadata> \
//     --mingw <git dir of mingw-w64/mingw-w64> \
//     --ddi <git dir of MicrosoftDocs/windows-driver-docs-ddi>
//
// (The `fetch` tool brings those snapshots to /work/.mirror/<owner>+<name>/repo.)
// Then run `npm run catalogue` and review both diffs.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import type { CollectedRevision, CollectedStructure, CollectedValue, HeaderFile } from '../../server/src/ndis/statusCatalogueTypes';
import { parseDefines, resolve, type Define } from './headerDefines';
import { readDdiHeader } from './ddiHeaderSection';
import { lit, prop } from './tsLiteral';
import { readAllPages, resolvedBuffer, STATUS_DOCS } from './buildCatalogue';

const ROOT = resolvePath(__dirname, '../../..');

function arg(name: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`missing --${name} <git dir>`);
  return process.argv[i + 1];
}

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

// Header files in the order their definitions are taken (first definition wins).
const WDK_FILES = [
  'km/ndis.h', 'shared/ntddndis.h', 'km/ndiswwan.h', 'km/wwan.h', 'km/dot11wdi.h', 'km/ndiswan.h', 'km/ndistapi.h',
];
const WDK_DIRS = ['km/ndis', 'shared/ndis'];
const WDK_ROOT = 'generation/WDK/IdlHeaders';
const MINGW_FILES = ['mingw-w64-headers/ddk/include/ddk/ndis.h', 'mingw-w64-headers/include/ntddndis.h'];

/** Structure-page revision names that no header defines, with the header's name for the same revision. */
const REVISION_CORRECTIONS: Record<string, { page: string; header: string; pageSize?: string; headerSize?: string }> = {
  NDIS_RECEIVE_QUEUE_PARAMETERS: {
    page: 'NDIS_NIC_SWITCH_VPORT_PARAMETERS_REVISION_3',
    header: 'NDIS_RECEIVE_QUEUE_PARAMETERS_REVISION_3',
    pageSize: 'NDIS_SIZEOF_NIC_SWITCH_VPORT_PARAMETERS_REVISION_3',
    headerSize: 'NDIS_SIZEOF_RECEIVE_QUEUE_PARAMETERS_REVISION_3',
  },
  NDIS_WWAN_MODEM_CONFIG_INFO: { page: 'NDIS_WWAN_MODEM_CONFIG_REVISION_1', header: 'NDIS_WWAN_MODEM_CONFIG_INFO_REVISION_1' },
  // ndiswwan.h defines the revision right after the structure, in the singular.
  NDIS_WWAN_LTE_ATTACH_CONTEXTS: { page: 'NDIS_WWAN_LTE_ATTACH_CONTEXTS_REVISION_1', header: 'NDIS_WWAN_LTE_ATTACH_CONTEXT_REVISION_1' },
};

/** How the status pages name Windows releases -> how ndis.h's version list names them. */
const RELEASE_ALIASES: Record<string, string> = {
  'Windows 7': 'Windows 7 / Windows Server 2008 R2',
  'Windows 8': 'Windows 8 / Windows Server 2012',
  'Windows 8.1': 'Windows 8.1 / Windows Server 2012 R2',
  'Windows 10': 'Windows 10, version 1507',
  'Windows 10, version 1607': 'Windows 10, version 1607 / Windows Server 2016',
  // Windows 11's first release (21H2, build 22000) is the cobalt release.
  'Windows 11, version 21H2': 'Windows 11, cobalt release',
};

function loadWdk(dir: string, sources: Record<string, HeaderFile>, commit: string): { defs: Map<string, Define>; texts: Map<string, string> } {
  const defs = new Map<string, Define>();
  const texts = new Map<string, string>();
  const listed = git(dir, 'ls-tree', '-r', '--name-only', 'HEAD', ...WDK_DIRS.map((d) => `${WDK_ROOT}/${d}`)).split('\n').filter((f) => f.endsWith('.h'));
  for (const path of [...WDK_FILES.map((f) => `${WDK_ROOT}/${f}`), ...listed]) {
    const key = `wdk:${path.slice(WDK_ROOT.length + 1)}`;
    const text = git(dir, 'show', `HEAD:${path}`);
    parseDefines(text, key, defs);
    texts.set(key, text);
    sources[key] = { repo: 'microsoft/wdkmetadata', commit, path };
  }
  return { defs, texts };
}

/** Where a structure is declared and whether its first member is an NDIS_OBJECT_HEADER. */
function declaration(type: string, texts: Map<string, string>): { file: string; object: boolean } | undefined {
  for (const [file, text] of texts) {
    const m = new RegExp(String.raw`typedef\s+(?:_\w+\([^)]*\)\s+)?struct\s+_?${type}\s*\{`).exec(text);
    if (!m) continue;
    const body = text.slice(m.index + m[0].length).replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*#.*$/gm, '');
    const first = body.slice(0, body.indexOf(';'));
    return { file, object: /\bNDIS_OBJECT_HEADER\s+Header\b/.test(first) };
  }
  return undefined;
}

function windowsToNdis(ndisH: string): Record<string, string> {
  const byRelease = new Map<string, string>();
  for (const m of ndisH.matchAll(/^\s+(\d)(\d+)\s{3,}(Windows [^\n]+?)\s*$/gm)) byRelease.set(m[3], `${m[1]}.${m[2]}`);
  const out: Record<string, string> = {};
  for (const [release, ndis] of byRelease) if (/^Windows (10|11),/.test(release)) out[release] = ndis;
  for (const [page, header] of Object.entries(RELEASE_ALIASES)) {
    const v = byRelease.get(header);
    if (!v) throw new Error(`ndis.h's version list has no "${header}"`);
    out[page] = v;
  }
  return Object.fromEntries(Object.entries(out).sort(([, a], [, b]) => Number(a) - Number(b)));
}

/** The structure's own page (named after it); the status page's link only when none is. (Links can
 *  point at a neighbour: the NETWORK_PARAMS page links NDIS_WWAN_NETWORK_PARAMS_INFO to the REGISTER one.) */
function ddiPage(type: string, linked: string | undefined, pages: string[]): string | undefined {
  const re = new RegExp(String.raw`/ns-[a-z0-9]+-_?${type.toLowerCase()}\.md$`);
  const own = pages.find((p) => re.test(p))?.replace(/^wdk-ddi-src\/content\//, '');
  if (own) return own;
  return linked && pages.includes(`wdk-ddi-src/content/${linked}`) ? linked : undefined;
}

function main(): void {
  const wdkDir = arg('wdk');
  const mingwDir = arg('mingw');
  const ddiDir = arg('ddi');
  const sources: Record<string, HeaderFile> = {};
  const wdkCommit = git(wdkDir, 'rev-parse', 'HEAD').trim();
  const { defs, texts } = loadWdk(wdkDir, sources, wdkCommit);
  const mingwCommit = git(mingwDir, 'rev-parse', 'HEAD').trim();
  const mingw = new Map<string, Define>();
  for (const path of MINGW_FILES) {
    const key = `mingw:${path.replace(/^mingw-w64-headers\//, '')}`;
    parseDefines(git(mingwDir, 'show', `HEAD:${path}`), key, mingw);
    sources[key] = { repo: 'mingw-w64/mingw-w64', commit: mingwCommit, path };
  }
  const ddiCommit = git(ddiDir, 'rev-parse', 'HEAD').trim();
  const ddiPages = git(ddiDir, 'ls-tree', '-r', '--name-only', 'HEAD', 'wdk-ddi-src/content').split('\n').filter((p) => /\/ns-/.test(p));

  const release = windowsToNdis(texts.get('wdk:km/ndis.h')!);
  const facts = readAllPages(join(ROOT, STATUS_DOCS), release);

  const value = (name: string): CollectedValue => {
    const r = resolve(name, defs);
    const other = resolve(name, mingw);
    const v: CollectedValue = {};
    switch (r.kind) {
      case 'value':
        Object.assign(v, { value: r.value, source: r.file });
        v.mingw = other.kind === 'missing' ? 'absent' : other.kind === 'value' && other.value === r.value ? 'same' : 'differs';
        break;
      case 'through':
        Object.assign(v, { through: { type: r.type, field: r.field }, source: r.file });
        break;
      case 'sizeof':
        Object.assign(v, { sizeOf: r.type, source: r.file });
        break;
      case 'missing':
        v.missing = true;
        break;
      case 'opaque':
        v.source = r.file;
        break;
    }
    return v;
  };

  const statusValues: Record<string, CollectedValue> = {};
  for (const f of facts) statusValues[f.name] = value(f.name);

  const structures: Record<string, CollectedStructure> = {};
  const constants = new Set<string>();
  for (const f of facts) {
    for (const m of f.musts) if (m.kind === 'header') [m.type, m.revision, m.size].forEach((c) => c && constants.add(c));
    const b = resolvedBuffer(f, facts);
    if (b.kind !== 'structure' || !b.type || structures[b.type]) continue;
    const decl = declaration(b.type, texts);
    const page = ddiPage(b.type, f.ddiLinks.get(b.type), ddiPages);
    let type: string | undefined;
    let revisions: CollectedRevision[] = [];
    if (decl?.object && page) {
      const h = readDdiHeader(git(ddiDir, 'show', `HEAD:wdk-ddi-src/content/${page}`));
      const fix = REVISION_CORRECTIONS[b.type];
      type = h.type;
      revisions = h.revisions.map((r) =>
        fix && r.revision === fix.page
          ? { ...r, revision: fix.header, pageName: fix.page, ...(fix.headerSize ? { size: fix.headerSize, pageSize: r.size } : {}) }
          : r,
      );
      if (type) constants.add(type);
      for (const r of revisions) {
        constants.add(r.revision);
        if (!r.size.startsWith('sizeof(')) constants.add(r.size);
      }
    }
    const s: CollectedStructure = {
      ...(page ? { page } : {}),
      ...(decl ? { declaredIn: decl.file } : {}),
      object: decl?.object ?? false,
      ...(type ? { type } : {}),
      revisions,
      ...(decl ? {} : { note: 'No public header read declares this structure.' }),
    };
    structures[b.type] = s;
  }
  const constantValues: Record<string, CollectedValue> = {};
  for (const c of [...constants].sort()) constantValues[c] = value(c);
  sources['ddi'] = { repo: 'MicrosoftDocs/windows-driver-docs-ddi', commit: ddiCommit, path: 'wdk-ddi-src/content' };

  // Only the files something was read from (and the headers the version list and mingw cross-check came from).
  const used = new Set(['ddi', 'wdk:km/ndis.h', ...Object.keys(sources).filter((k) => k.startsWith('mingw:'))]);
  for (const v of [...Object.values(statusValues), ...Object.values(constantValues)]) if (v.source) used.add(v.source);
  for (const st of Object.values(structures)) if (st.declaredIn) used.add(st.declaredIn);
  const usedSources = Object.fromEntries(Object.entries(sources).filter(([k]) => used.has(k)));
  writeFileSync(join(ROOT, 'server/src/ndis/headerValues.ts'), renderValues(usedSources, statusValues, constantValues, release));
  writeFileSync(join(ROOT, 'server/src/ndis/structureFacts.ts'), renderStructures(structures));
  const names = headerStatusNames(wdkDir, defs, sources);
  writeFileSync(join(ROOT, 'server/src/ndis/headerStatusNames.ts'), renderNames(names, sources));
  console.log(`${Object.keys(statusValues).length} status names, ${Object.keys(constantValues).length} constants, ${Object.keys(structures).length} structures, ${names.size} NDIS_STATUS_ names in the headers`);
}

/** Headers read only for the list of every NDIS_STATUS_ name (ntstatus.h gives the values the base codes alias). */
const NAME_FILES = ['km/ndischimney.h', 'shared/windot11.h', 'shared/ntstatus.h'];

/** Every NDIS_STATUS_ name the WDK headers define, with its value when the preprocessor could compute it. */
function headerStatusNames(wdkDir: string, defs: Map<string, Define>, sources: Record<string, HeaderFile>): Map<string, { value?: number; file: string }> {
  const all = new Map(defs);
  const commit = git(wdkDir, 'rev-parse', 'HEAD').trim();
  for (const f of NAME_FILES) {
    const path = `${WDK_ROOT}/${f}`;
    parseDefines(git(wdkDir, 'show', `HEAD:${path}`), `wdk:${f}`, all);
    sources[`wdk:${f}`] = { repo: 'microsoft/wdkmetadata', commit, path };
  }
  const out = new Map<string, { value?: number; file: string }>();
  for (const [name, d] of [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!name.startsWith('NDIS_STATUS_') || d.params || !d.body) continue;
    const r = resolve(name, all);
    out.set(name, { ...(r.kind === 'value' ? { value: r.value } : {}), file: d.file });
  }
  return out;
}

function renderNames(names: Map<string, { value?: number; file: string }>, sources: Record<string, HeaderFile>): string {
  const files = [...new Set([...names.values()].map((n) => n.file))].sort();
  const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;
  const lines = [
    '// GENERATED by scripts/catalogue/collectHeaderFacts.ts from fetched public headers; do not edit by hand.',
    '// Every NDIS_STATUS_ name the WDK headers define (names and numbers only), so that a real header name',
    '// is never taken for a misspelling. Most are not documented indication codes: the status catalogue',
    '// (statusCatalogue.ts) and constants.ts say what a code is; this list only says that the name exists.',
    '// Read from microsoft/wdkmetadata at ' + (sources['wdk:km/ndis.h']?.commit ?? '?') + ':',
    ...files.map((f) => `//   ${sources[f]?.path ?? f}`),
    '',
    '/** Name -> value; undefined when the value comes from a definition the headers read do not resolve. */',
    'export const HEADER_STATUS_NAMES: Readonly<Record<string, number | undefined>> = {',
    ...[...names].map(([k, v]) => `  ${k}: ${v.value === undefined ? 'undefined' : hex(v.value)},`),
    '};',
    '',
  ];
  return lines.join('\n');
}

function renderValues(
  sources: Record<string, HeaderFile>,
  status: Record<string, CollectedValue>,
  constants: Record<string, CollectedValue>,
  release: Record<string, string>,
): string {
  const lines = [
    '// GENERATED by scripts/catalogue/collectHeaderFacts.ts from fetched public headers; do not edit by hand.',
    '// Names and numbers only (no header text): the value of every status code the status pages document,',
    '// of the Header Type / Revision / Size constants of their buffers, and the NDIS version of each Windows',
    '// release the pages name. `source` is a key of HEADER_SOURCES; `mingw` says whether mingw-w64 agrees.',
    "import type { CollectedValue, HeaderFile } from './statusCatalogueTypes';",
    '',
    'export const HEADER_SOURCES: Readonly<Record<string, HeaderFile>> = {',
    ...Object.entries(sources).sort().map(([k, v]) => prop('  ', k, v)),
    '};',
    '',
    'export const STATUS_VALUES: Readonly<Record<string, CollectedValue>> = {',
    ...Object.entries(status).sort().map(([k, v]) => prop('  ', k, v)),
    '};',
    '',
    'export const CONSTANT_VALUES: Readonly<Record<string, CollectedValue>> = {',
    ...Object.entries(constants).map(([k, v]) => prop('  ', k, v)),
    '};',
    '',
    '/** NDIS version first available in each Windows release (the version list at the top of ndis.h). */',
    'export const WINDOWS_TO_NDIS: Readonly<Record<string, string>> = {',
    ...Object.entries(release).map(([k, v]) => prop('  ', k, v)),
    '};',
    '',
  ];
  return lines.join('\n');
}

function renderStructures(structures: Record<string, CollectedStructure>): string {
  const lines = [
    '// GENERATED by scripts/catalogue/collectHeaderFacts.ts; do not edit by hand.',
    '// For every structure a status page names as the StatusBuffer: its DDI page, where a public header',
    '// declares it, whether it starts with an NDIS_OBJECT_HEADER, and the Header Type and documented',
    '// revisions (with their size constants) that the DDI page gives.',
    "import type { CollectedStructure } from './statusCatalogueTypes';",
    '',
    'export const STRUCTURES: Readonly<Record<string, CollectedStructure>> = {',
  ];
  for (const [k, v] of Object.entries(structures).sort()) {
    const { revisions, note, ...rest } = v;
    lines.push(`  ${k}: {`, `    ${lit(rest).slice(2, -2)},`);
    if (revisions.length <= 1) lines.push(`    revisions: ${lit(revisions)},`);
    else lines.push('    revisions: [', ...revisions.map((r) => `      ${lit(r)},`), '    ],');
    if (note) lines.push(prop('    ', 'note', note));
    lines.push('  },');
  }
  lines.push('};', '');
  return lines.join('\n');
}

if (require.main === module) main();
