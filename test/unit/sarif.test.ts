// `--format sarif` against the official SARIF 2.1.0 JSON schema and Microsoft's SARIF multitool
// (`validate`: its own schema copy and the SARIF1xxx/2xxx rules), and its rule metadata against the
// registry and the project's one repository URL.
//
// The schema is the OASIS SARIF 2.1.0 (rtm.5, the final 2.1.0 schema as
// published on SchemaStore) shipped by the devDependency @microsoft/jest-sarif
// as lib/schemas/sarif-2.1.0-rtm.5.json. That copy declares draft-04
// (`$schema` draft-04, `id`); ajv 8 validates draft-07, so the two draft-04
// header keywords are dropped before compiling. The test checks that the schema
// uses none of the keywords whose meaning differs between draft-04 and draft-07
// (boolean exclusiveMinimum/exclusiveMaximum), so the validation is the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { RULES, ruleDocPath } from '../../server/src/rules/registry';
import { PRODUCT_VERSION, REPOSITORY_URL } from '../../server/src/shared/product';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
}
interface SarifNotification {
  level: string;
  message: { text: string };
  descriptor: { id: string; index: number };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        informationUri: string;
        semanticVersion: string;
        rules: { id: string; name: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[];
        notifications: { id: string }[];
      };
    };
    invocations: { executionSuccessful: boolean; exitCode: number; startTimeUtc: string; endTimeUtc: string; toolExecutionNotifications: SarifNotification[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[]; relatedLocations: SarifLocation[] }[];
  }[];
}

function loadSchema(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  assert.match(String(schema.title), /SARIF\) Version 2\.1\.0/);
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  // No keyword in it changes meaning between draft-04 and draft-07.
  const walk = (o: unknown, path: string): void => {
    if (!o || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o)) {
      if (path.endsWith('/properties')) {
        walk(v, `${path}/${k}`);
        continue;
      }
      assert.ok(!['exclusiveMinimum', 'exclusiveMaximum', 'divisibleBy', 'extends', 'disallow'].includes(k), `draft-04 keyword ${k} at ${path}`);
      walk(v, `${path}/${k}`);
    }
  };
  walk(schema, '#');
  delete schema.$schema;
  delete schema.id;
  return schema;
}

let validator: ValidateFunction | undefined;
function validate(log: unknown): void {
  if (!validator) {
    // unicodeRegExp: false — the schema's `language` pattern has a stray `]`
    // (/^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$/), legal only without the `u` flag.
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    validator = ajv.compile(loadSchema());
  }
  const ok = validator(log);
  assert.ok(ok, `SARIF does not validate:\n${JSON.stringify(validator.errors?.slice(0, 20), null, 1)}`);
}

function sarif(args: string[], cwd = ROOT, codes = [0, 1]): { code: number | null; log: SarifLog; err: string } {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, '--format', 'sarif', ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, String(r.error));
  assert.ok(codes.includes(r.status ?? -1), `exit ${r.status}\n${r.stderr}`);
  const log = JSON.parse(r.stdout) as SarifLog;
  assert.equal(log.runs[0].invocations[0].exitCode, r.status, 'the invocation records the exit code');
  return { code: r.status, log, err: r.stderr };
}

function checkStructure(log: SarifLog): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const rules = run.tool.driver.rules;
  // Every rule of the registry, by id, in registry order (ruleIndex is an index into it).
  assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.id));
  // The project page and each rule's page on the public repository, all from package.json's repository.url.
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
  assert.equal(`${REPOSITORY_URL}.git`, pkg.repository.url);
  assert.match(REPOSITORY_URL, /^https:\/\/github\.com\/[^/]+\/[^/]+$/);
  assert.equal(run.tool.driver.informationUri, REPOSITORY_URL);
  assert.equal(run.tool.driver.semanticVersion, pkg.version);
  assert.equal(PRODUCT_VERSION, pkg.version);
  for (const [i, meta] of RULES.entries()) {
    assert.equal(rules[i].shortDescription.text, meta.title);
    assert.equal(rules[i].defaultConfiguration.level, LEVEL[meta.severity], meta.id);
    assert.equal(rules[i].helpUri, `${REPOSITORY_URL}/blob/HEAD/${ruleDocPath(meta.id)}`, meta.id);
    assert.ok(existsSync(join(ROOT, ruleDocPath(meta.id))), `the page ${ruleDocPath(meta.id)} of ${meta.id} is not in the repository`);
    assert.match(rules[i].name, /^[A-Z][A-Za-z]+$/, 'a Pascal-case friendly name');
  }
  assert.equal(new Set(rules.map((r) => r.name)).size, rules.length, 'rule names are unique');
  // The invocation: times in order, a notification per problem, each naming a known descriptor.
  assert.equal(run.invocations.length, 1);
  const inv = run.invocations[0];
  assert.equal(inv.executionSuccessful, inv.exitCode !== 2);
  assert.ok(Date.parse(inv.startTimeUtc) <= Date.parse(inv.endTimeUtc), `${inv.startTimeUtc} .. ${inv.endTimeUtc}`);
  for (const n of inv.toolExecutionNotifications) {
    assert.equal(run.tool.driver.notifications[n.descriptor.index]?.id, n.descriptor.id);
    assert.ok(n.message.text.length > 0);
  }
  for (const b of Object.values(run.originalUriBaseIds)) assert.match(b.uri, /^file:\/\/.*\/$/, 'a base URI is absolute and ends with a slash');
  const resolveLoc = (l: SarifLocation) => {
    const a = l.physicalLocation.artifactLocation;
    const base = a.uriBaseId ? run.originalUriBaseIds[a.uriBaseId]?.uri : undefined;
    if (a.uriBaseId) assert.ok(base, `unknown uriBaseId ${a.uriBaseId}`);
    return fileURLToPath(new URL(a.uri, base));
  };
  for (const r of run.results) {
    assert.ok(Number.isInteger(r.ruleIndex) && r.ruleIndex >= 0 && r.ruleIndex < rules.length, `ruleIndex ${r.ruleIndex} out of range`);
    assert.equal(rules[r.ruleIndex].id, r.ruleId);
    assert.ok(r.locations.length >= 1);
    for (const l of [...r.locations, ...r.relatedLocations]) {
      assert.ok(existsSync(resolveLoc(l)), `location does not resolve to a file: ${JSON.stringify(l.physicalLocation.artifactLocation)}`);
      const g = l.physicalLocation.region;
      assert.ok(g.startLine >= 1 && g.startColumn >= 1 && (g.endLine > g.startLine || (g.endLine === g.startLine && g.endColumn >= g.startColumn)), JSON.stringify(g));
    }
    const ids = r.relatedLocations.map((l) => l.id);
    assert.equal(new Set(ids).size, ids.length, 'relatedLocations ids are unique within a result');
  }
}

test('the SARIF of a failing fixture validates against the SARIF 2.1.0 schema', () => {
  const { code, log } = sarif(['test/fixtures/rules/indication-status-code/fail-success-assigned.c']);
  assert.equal(code, 1);
  validate(log);
  checkStructure(log);
  const r = log.runs[0].results.find((x) => x.ruleId === 'indication/status-code');
  assert.ok(r);
  assert.equal(r.level, 'error');
  assert.deepEqual(r.locations[0].physicalLocation.artifactLocation, { uri: 'test/fixtures/rules/indication-status-code/fail-success-assigned.c', uriBaseId: 'SRCROOT' });
  assert.equal(r.locations[0].physicalLocation.region.startLine, 22);
  assert.equal(r.locations[0].physicalLocation.region.startColumn, 5);
  assert.ok(r.relatedLocations.some((l) => l.physicalLocation.region.startLine === 20));
});

test('the SARIF of every rule fixture validates, and every call-site rule appears among the results', () => {
  const { log } = sarif(['test/fixtures/rules']);
  validate(log);
  checkStructure(log);
  const seen = new Set(log.runs[0].results.map((r) => r.ruleId));
  // All fixtures form one workspace here, so driver-wide protocol rules may be
  // satisfied by another file; call-site rules (indication/*, offload-event/*) must all show up.
  const callSite = RULES.filter((m) => /^(indication|offload-event)\//.test(m.id) && existsSync(join(ROOT, 'test/fixtures/rules', m.id.replace('/', '-'))));
  assert.ok(callSite.length >= 9);
  for (const meta of callSite) assert.ok(seen.has(meta.id), `no result for ${meta.id} over test/fixtures/rules`);
  assert.ok(seen.size >= 10, `only ${seen.size} rules among the results`);
});

test('an empty run validates (results present and empty)', () => {
  const { code, log } = sarif(['test/fixtures/rules/indication-status-code/pass-wrapper-multifile', '--rule', 'chimney/deprecated=off']);
  assert.equal(code, 0);
  validate(log);
  checkStructure(log);
  assert.deepEqual(log.runs[0].results, []);
});

test('files outside the working folder, --rule levels and --output also validate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-sarif-'));
  try {
    const src = join(dir, 'outside.c');
    writeFileSync(src, readFileSync(join(ROOT, 'test/fixtures/rules/indication-status-code/fail-success-assigned.c')));
    const out = join(dir, 'report.sarif');
    const r = spawnSync(process.execPath, [CLI, '--format', 'sarif', '--rule', 'indication/status-code=info', '--output', out, src], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    const log = JSON.parse(readFileSync(out, 'utf8')) as SarifLog;
    validate(log);
    checkStructure(log);
    const res = log.runs[0].results.find((x) => x.ruleId === 'indication/status-code');
    assert.ok(res);
    assert.equal(res.level, 'note');
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uriBaseId, undefined);
    assert.equal(fileURLToPath(res.locations[0].physicalLocation.artifactLocation.uri), src);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the validator rejects a broken log (the schema is really applied)', () => {
  const { log } = sarif(['test/fixtures/rules/indication-status-code/fail-success-assigned.c']);
  const broken = JSON.parse(JSON.stringify(log)) as { version: string; runs: { results: { level: string }[] }[] };
  broken.runs[0].results[0].level = 'fatal';
  assert.throws(() => validate(broken), /SARIF does not validate/);
  assert.throws(() => validate({ ...log, version: '2.0.0' }), /SARIF does not validate/);
});

// ---- Microsoft's SARIF multitool -------------------------------------------------------------
// The devDependency @microsoft/sarif-multitool resolves to a self-contained .NET program for this
// platform (@microsoft/sarif-multitool-linux, -darwin or -win32). It is run directly, not through its
// bin.js, which passes the arguments through a shell. Globalization-invariant mode: no libicu needed.
function multitoolPath(): string | undefined {
  try {
    return require('@microsoft/sarif-multitool') as string;
  } catch {
    return undefined;
  }
}
const MULTITOOL = multitoolPath();
// Why skip: npm installs the multitool's program only for linux, darwin and win32; elsewhere it is
// missing. CI sets CI=true and runs on Linux, so there a missing multitool fails.
const noMultitool = !MULTITOOL && process.env.CI !== 'true' ? `@microsoft/sarif-multitool has no program for ${process.platform} here` : false;

interface MultitoolResult {
  ruleId: string;
  level: string;
  message: { text?: string; id?: string; arguments?: string[] };
}

/** `Sarif.Multitool validate FILE`: its results of level error or warning (notes are advice, e.g. "provide code snippets"). */
function multitoolProblems(file: string): MultitoolResult[] {
  assert.ok(MULTITOOL, 'the SARIF multitool is not installed (npm ci installs @microsoft/sarif-multitool)');
  const out = `${file}.validation.sarif`;
  const r = spawnSync(MULTITOOL, ['validate', file, '--output', out, '--level', 'Error;Warning;Note'], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.status, 0, `the multitool failed to run (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: MultitoolResult[]; invocations?: { executionSuccessful: boolean }[] }[] };
  assert.equal(report.runs[0].invocations?.[0]?.executionSuccessful, true, 'the multitool ran to its end');
  return (report.runs[0].results ?? []).filter((x) => x.level === 'error' || x.level === 'warning');
}

const describeResults = (rs: MultitoolResult[]) => rs.map((x) => `${x.ruleId} ${x.level}: ${x.message.text ?? x.message.arguments?.join(' | ')}`).join('\n');

test('the SARIF multitool validates the logs: findings, an empty run, notifications, paths outside the folder', { skip: noMultitool }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-sarif-multitool-'));
  try {
    const outside = join(dir, 'outside.c');
    writeFileSync(outside, readFileSync(join(ROOT, 'test/fixtures/rules/indication-status-code/fail-success-assigned.c')));
    const logs: [string, string[]][] = [
      ['fixtures', ['test/fixtures/rules']],
      ['sample', ['examples']],
      ['empty', ['test/fixtures/rules/indication-status-code/pass-wrapper-multifile', '--rule', 'chimney/deprecated=off']],
      ['problems', ['examples', 'no-such-folder', outside]],
    ];
    for (const [name, args] of logs) {
      const { log } = sarif(args);
      validate(log);
      const file = join(dir, `${name}.sarif`);
      writeFileSync(file, JSON.stringify(log, null, 2));
      const problems = multitoolProblems(file);
      assert.deepEqual(problems, [], `the multitool finds problems in the ${name} log:\n${describeResults(problems)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the SARIF multitool rejects a broken log (it is really applied)', { skip: noMultitool }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-sarif-multitool-'));
  try {
    const { log } = sarif(['test/fixtures/rules/indication-status-code/fail-success-assigned.c']);
    const base = log.runs[0].originalUriBaseIds.SRCROOT;
    base.uri = base.uri.replace(/\/$/, ''); // a base URI must end with a slash (SARIF1004)
    const file = join(dir, 'broken.sarif');
    writeFileSync(file, JSON.stringify(log));
    const problems = multitoolProblems(file);
    assert.ok(problems.some((p) => p.ruleId === 'SARIF1004' && p.level === 'error'), describeResults(problems) || 'no problem found');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the invocation: exit code, times, and a notification per path that could not be read or was left out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ndis-sarif-inv-'));
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'a.c'), readFileSync(join(ROOT, 'test/fixtures/rules/indication-status-code/fail-success-assigned.c')));
    writeFileSync(join(dir, 'src', 'blob.c'), Buffer.from([0x4d, 0, 0x5a, 0, 1, 2, 3]));
    symlinkSync(join(dir, 'src', 'gone.c'), join(dir, 'src', 'dangling.c'));
    const { code, log } = sarif(['src', 'missing.c'], dir);
    assert.equal(code, 1);
    validate(log);
    checkStructure(log);
    const inv = log.runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, true);
    const byUri = new Map(inv.toolExecutionNotifications.map((n) => [n.locations[0].physicalLocation.artifactLocation.uri, n]));
    assert.deepEqual([...byUri.keys()].sort(), ['missing.c', 'src/blob.c', 'src/dangling.c']);
    assert.deepEqual(
      [...byUri.values()].map((n) => n.locations[0].physicalLocation.artifactLocation.uriBaseId),
      [...byUri.values()].map(() => 'SRCROOT'),
    );
    assert.equal(byUri.get('missing.c')!.level, 'error');
    assert.match(byUri.get('missing.c')!.message.text, /no such file or folder/);
    assert.equal(byUri.get('src/dangling.c')!.level, 'error');
    assert.match(byUri.get('src/dangling.c')!.message.text, /dangling link/);
    assert.equal(byUri.get('src/blob.c')!.level, 'note');
    assert.match(byUri.get('src/blob.c')!.message.text, /binary/);

    // nothing readable: exit 2, and the log still says what happened
    const none = sarif(['missing.c'], dir, [2]);
    validate(none.log);
    const inv2 = none.log.runs[0].invocations[0];
    assert.equal(inv2.executionSuccessful, false);
    assert.equal(inv2.exitCode, 2);
    assert.deepEqual(none.log.runs[0].results, []);
    assert.equal(inv2.toolExecutionNotifications.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
