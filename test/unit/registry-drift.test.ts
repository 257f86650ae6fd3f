// The rule registry is the single source of truth: package.json settings, the
// README table and docs/rules/*.md must follow it. `npm run sync` regenerates the
// first two; the docs pages are written by hand, so only their presence and
// title line are checked. The checks are pure functions over the inputs, so they
// are tested twice: on the repository (must be clean) and on doctored copies
// (each kind of drift must be caught).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RULES, RULE_BY_ID, ruleDocPath, type RuleMeta } from '../../server/src/rules/registry';
import { configuration, RESTRICTED_SETTINGS, rulesTable, SEVERITY_ENUM, TABLE_END, TABLE_START, untrustedWorkspaces } from '../../scripts/manifest';
import { DEFAULT_SKIP_FOLDERS } from '../../server/src/io/workspaceFiles';

const ROOT = resolve(__dirname, '../../..');
const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'];
const ID = /^[a-z-]+\/[a-z-]+$/;

interface Inputs {
  rules: readonly RuleMeta[];
  pkg: { contributes?: { configuration?: unknown }; capabilities?: { untrustedWorkspaces?: unknown } };
  readme: string;
  /** docs/rules file name -> text */
  docs: Map<string, string>;
}

function readInputs(): Inputs {
  const docsDir = join(ROOT, 'docs', 'rules');
  const docs = new Map<string, string>();
  for (const f of readdirSync(docsDir)) if (f.endsWith('.md')) docs.set(f, readFileSync(join(docsDir, f), 'utf8'));
  return {
    rules: RULES,
    pkg: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')),
    readme: readFileSync(join(ROOT, 'README.md'), 'utf8'),
    docs,
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const docName = (id: string) => ruleDocPath(id).replace(/^docs\/rules\//, '');

function idProblems(rules: readonly RuleMeta[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const pages = new Map<string, string>();
  for (const r of rules) {
    if (seen.has(r.id)) out.push(`duplicate rule id ${r.id}`);
    seen.add(r.id);
    if (!ID.test(r.id)) out.push(`rule id ${JSON.stringify(r.id)} does not match ${ID}`);
    const page = ruleDocPath(r.id);
    const other = pages.get(page);
    if (other !== undefined && other !== r.id) out.push(`rules ${other} and ${r.id} share the docs page ${page}`);
    pages.set(page, r.id);
  }
  return out;
}

function settingsProblems(inputs: Inputs, generated: unknown): string[] {
  const out: string[] = [];
  const actual = inputs.pkg.contributes?.configuration;
  try {
    assert.deepStrictEqual(actual, clone(generated));
  } catch (e) {
    out.push(`package.json contributes.configuration differs from configuration() (run npm run sync):\n${(e as Error).message}`);
  }
  const props = (actual as { properties?: Record<string, { properties?: Record<string, { enum?: unknown; default?: unknown }> }> } | undefined)?.properties;
  const ruleProps = props?.['ndisOffload.rules']?.properties ?? {};
  for (const r of inputs.rules) {
    const p = ruleProps[r.id];
    if (!p) {
      out.push(`settings have no entry for ${r.id}`);
      continue;
    }
    const en = Array.isArray(p.enum) ? (p.enum as unknown[]) : [];
    for (const s of SEVERITIES) if (!en.includes(s)) out.push(`settings enum of ${r.id} lacks ${s}`);
    if (p.default !== r.severity) out.push(`settings default of ${r.id} is ${String(p.default)}, registry says ${r.severity}`);
  }
  for (const id of Object.keys(ruleProps)) if (!inputs.rules.some((r) => r.id === id)) out.push(`settings name ${id}, which is no rule`);
  return out;
}

function readmeProblems(readme: string, table: string): string[] {
  const s = readme.indexOf(TABLE_START);
  const e = readme.indexOf(TABLE_END);
  if (s < 0 || e < 0 || e < s) return ['README.md has no rules-table markers'];
  if (readme.indexOf(TABLE_START, s + 1) >= 0) return ['README.md has two rules tables'];
  const current = readme.slice(s, e + TABLE_END.length);
  return current === table ? [] : [`README rules table differs from rulesTable() (run npm run sync):\n--- README\n${current}\n--- rulesTable()\n${table}`];
}

function docsProblems(rules: readonly RuleMeta[], docs: Map<string, string>): string[] {
  const out: string[] = [];
  const wanted = new Map(rules.map((r) => [docName(r.id), r.id]));
  for (const [file, id] of wanted) {
    const text = docs.get(file);
    if (text === undefined) {
      out.push(`docs/rules/${file} is missing for ${id}`);
      continue;
    }
    const first = text.split(/\r?\n/, 1)[0];
    if (first !== `# ${id}`) out.push(`docs/rules/${file}: first line is ${JSON.stringify(first)}, expected "# ${id}"`);
  }
  for (const file of docs.keys()) if (!wanted.has(file)) out.push(`docs/rules/${file} belongs to no rule`);
  return out;
}

function allProblems(inputs: Inputs): string[] {
  return [...idProblems(inputs.rules), ...settingsProblems(inputs, configuration()), ...readmeProblems(inputs.readme, rulesTable()), ...docsProblems(inputs.rules, inputs.docs)];
}

// --- the repository as it is --------------------------------------------------

test('rule ids are unique, well-formed, and map to distinct docs pages', () => {
  assert.deepEqual(idProblems(RULES), []);
  assert.equal(RULE_BY_ID.size, RULES.length);
  assert.deepEqual(SEVERITY_ENUM, SEVERITIES, 'the generated enum offers every severity');
});

test('package.json contributes.configuration is configuration() of scripts/manifest.ts', () => {
  const inputs = readInputs();
  assert.deepEqual(settingsProblems(inputs, configuration()), []);
});

test('package.json capabilities.untrustedWorkspaces is untrustedWorkspaces(): Restricted Mode keeps costly settings to the user', () => {
  const inputs = readInputs();
  assert.deepStrictEqual(inputs.pkg.capabilities?.untrustedWorkspaces, clone(untrustedWorkspaces()), 'run npm run sync');
  const props = (configuration() as { properties: Record<string, unknown> }).properties;
  assert.ok(RESTRICTED_SETTINGS.includes('ndisOffload.exclude'));
  for (const key of RESTRICTED_SETTINGS) assert.ok(key in props, `${key} is restricted but is no setting`);
});

test('the README rules table is rulesTable()', () => {
  assert.deepEqual(readmeProblems(readInputs().readme, rulesTable()), []);
});

test('docs/rules has exactly one page per rule, titled "# <rule id>"', () => {
  const inputs = readInputs();
  assert.deepEqual(docsProblems(inputs.rules, inputs.docs), []);
});

// --- each kind of drift is caught ---------------------------------------------

type RuleProps = Record<string, { enum: string[]; default: string; description: string }>;
function ruleProps(pkg: Inputs['pkg']): RuleProps {
  return (pkg.contributes!.configuration as { properties: Record<string, { properties: RuleProps }> }).properties['ndisOffload.rules'].properties;
}

test('drift detection: settings', () => {
  const base = readInputs();
  const id = 'indication/status-code';

  const edited = clone(base);
  ruleProps(edited.pkg)[id].description = 'something else';
  assert.match(allProblems({ ...base, pkg: edited.pkg }).join('\n'), /contributes\.configuration differs/);

  const lacking = clone(base);
  ruleProps(lacking.pkg)[id].enum = ['off', 'warning', 'error'];
  const p = settingsProblems({ ...base, pkg: lacking.pkg }, configuration());
  assert.ok(p.includes(`settings enum of ${id} lacks hint`) && p.includes(`settings enum of ${id} lacks info`), p.join('\n'));

  // Even when the generator itself loses a severity, the enum check still catches it.
  const gen = clone(configuration()) as { properties: Record<string, { properties: RuleProps }> };
  gen.properties['ndisOffload.rules'].properties[id].enum = ['off', 'hint', 'info', 'warning'];
  const both = clone(base);
  both.pkg.contributes!.configuration = gen;
  assert.ok(settingsProblems({ ...base, pkg: both.pkg }, gen).includes(`settings enum of ${id} lacks error`));

  const missing = clone(base);
  delete ruleProps(missing.pkg)[id];
  assert.ok(settingsProblems({ ...base, pkg: missing.pkg }, configuration()).includes(`settings have no entry for ${id}`));

  const extra = clone(base);
  ruleProps(extra.pkg)['indication/gone'] = { enum: SEVERITIES, default: 'error', description: 'x' };
  assert.ok(settingsProblems({ ...base, pkg: extra.pkg }, configuration()).some((x) => x.includes('indication/gone')));

  const wrongDefault = clone(base);
  ruleProps(wrongDefault.pkg)[id].default = 'hint';
  assert.ok(settingsProblems({ ...base, pkg: wrongDefault.pkg }, configuration()).some((x) => x.startsWith(`settings default of ${id}`)));

  const noConfig = clone(base);
  delete noConfig.pkg.contributes!.configuration;
  assert.ok(settingsProblems({ ...base, pkg: noConfig.pkg }, configuration()).length > 0);
});

test('drift detection: README table', () => {
  const base = readInputs();
  const row = rulesTable().split('\n')[3];
  assert.ok(base.readme.includes(row));
  assert.match(readmeProblems(base.readme.replace(row, row.replace('| error |', '| warning |')), rulesTable()).join('\n'), /differs from rulesTable/);
  assert.match(readmeProblems(base.readme.replace(row + '\n', ''), rulesTable()).join('\n'), /differs from rulesTable/);
  assert.deepEqual(readmeProblems(base.readme.replace(TABLE_END, ''), rulesTable()), ['README.md has no rules-table markers']);
  // A rule added to the registry without a sync.
  const more: RuleMeta[] = [...RULES, { id: 'indication/new-rule', title: 'New', severity: 'error', strength: 'MUST', source: 'x.md' }];
  assert.ok(idProblems(more).length === 0);
  assert.ok(docsProblems(more, base.docs).includes('docs/rules/indication-new-rule.md is missing for indication/new-rule'));
});

test('drift detection: docs pages', () => {
  const base = readInputs();
  const page = docName('indication/flags');

  const missing = new Map(base.docs);
  missing.delete(page);
  assert.deepEqual(docsProblems(RULES, missing), [`docs/rules/${page} is missing for indication/flags`]);

  const orphan = new Map(base.docs).set('indication-removed.md', '# indication/removed\n');
  assert.deepEqual(docsProblems(RULES, orphan), ['docs/rules/indication-removed.md belongs to no rule']);

  for (const first of ['# indication/flag', '#indication/flags', '## indication/flags', '', 'indication/flags', '# Flags must be 0']) {
    const retitled = new Map(base.docs).set(page, `${first}\n\nbody\n`);
    assert.equal(docsProblems(RULES, retitled).length, 1, `first line ${JSON.stringify(first)} was accepted`);
  }
  const crlf = new Map(base.docs).set(page, '# indication/flags\r\n\r\nbody\r\n');
  assert.deepEqual(docsProblems(RULES, crlf), []);
});

test('drift detection: rule ids', () => {
  const r = RULES[0];
  assert.deepEqual(idProblems([r, { ...r }]), [`duplicate rule id ${r.id}`]);
  for (const bad of ['Indication/header', 'indication/header2', 'indication', 'a/b/c', 'indication/head_er', ' indication/header']) {
    assert.ok(idProblems([{ ...r, id: bad }]).length > 0, `${bad} was accepted`);
  }
  // Distinct ids that would share a docs page.
  assert.ok(idProblems([{ ...r, id: 'a-b/c' }, { ...r, id: 'a/b-c' }]).some((x) => x.includes('share the docs page')));
});

test('the README documents every setting and the folders the scan skips by default', () => {
  const { pkg, readme } = readInputs();
  const props = Object.keys((pkg.contributes?.configuration as { properties: Record<string, unknown> }).properties);
  assert.ok(props.includes('ndisOffload.skipFolders') && props.includes('ndisOffload.followExternalLinks'));
  for (const p of props) assert.ok(readme.includes(`\`${p}\``), `the README does not mention the setting ${p}`);
  const sentence = readme.slice(readme.indexOf('The scan skips, by default, folders named'));
  const listed = sentence.slice(0, sentence.indexOf('(')).match(/`[^`]+`/g)?.map((x) => x.slice(1, -1)) ?? [];
  assert.deepEqual(listed, [...DEFAULT_SKIP_FOLDERS], 'the README lists the default skipped folders as server/src/io/workspaceFiles.ts has them');
  // the settings that widen the scan are ignored in Restricted Mode, and they exist
  const untrusted = (pkg as { capabilities?: { untrustedWorkspaces?: { supported: unknown; restrictedConfigurations?: string[] } } }).capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited');
  for (const name of ['ndisOffload.followExternalLinks', 'ndisOffload.skipFolders']) assert.ok(untrusted?.restrictedConfigurations?.includes(name), `${name} is not restricted`);
  for (const name of untrusted?.restrictedConfigurations ?? []) assert.ok(props.includes(name), `restrictedConfigurations names ${name}, which is no setting`);
});
