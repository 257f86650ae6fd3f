// `--format sarif` against the official SARIF 2.1.0 JSON schema, and its rule
// metadata against the registry.
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
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { RULES } from '../../server/src/rules/registry';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

interface SarifLocation {
  id?: number;
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; name: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
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

function sarif(args: string[], cwd = ROOT): { code: number | null; log: SarifLog; err: string } {
  assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build first`);
  const r = spawnSync(process.execPath, [CLI, '--format', 'sarif', ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.error, undefined, String(r.error));
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}\n${r.stderr}`);
  return { code: r.status, log: JSON.parse(r.stdout) as SarifLog, err: r.stderr };
}

function checkStructure(log: SarifLog): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  const rules = run.tool.driver.rules;
  // Every rule of the registry, by id, in registry order (ruleIndex is an index into it).
  assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.id));
  for (const [i, meta] of RULES.entries()) {
    assert.equal(rules[i].shortDescription.text, meta.title);
    assert.equal(rules[i].defaultConfiguration.level, LEVEL[meta.severity], meta.id);
    assert.ok(existsSync(fileURLToPath(rules[i].helpUri)), `helpUri of ${meta.id} is not a file: ${rules[i].helpUri}`);
  }
  assert.equal(new Set(rules.map((r) => r.name)).size, rules.length, 'rule names are unique');
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
