// Per-function work budgets: the analysis counts its steps (nodes read,
// characters normalised, events looked at, paths walked), a function that runs
// out is skipped with a note, and everything else is still reported. Budgets
// are scaled down here so that small inputs reach them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetFor, charge, OverBudget, scaleBudgets, stepsCounted, withBudget } from '../../server/src/analysis/budget';
import { createAnalyzer } from '../../server/src/rules/analyzeWithRules';

const NEIGHBOUR = `VOID Bad(NDIS_HANDLE h)
{
    NDIS_STATUS_INDICATION si;
    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = 2;
    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle = h;
    si.StatusCode = NDIS_STATUS_LINK_STATE;
    NdisMIndicateStatusEx(h, &si);
}
`;

/** A function that indicates `n` times, each indication seeing every write before it. */
function manyIndications(n: number): string {
  const body = Array.from({ length: n }, (_, i) => `    si.StatusCode = NDIS_STATUS_LINK_STATE + ${i};\n    NdisMIndicateStatusEx(h, &si);\n`).join('');
  return `VOID Many(NDIS_HANDLE h)\n{\n    NDIS_STATUS_INDICATION si;\n    NdisZeroMemory(&si, sizeof(si));\n${body}}\n`;
}

const IRQL_COPY = `static VOID Indicate(NDIS_HANDLE h)
{
    NDIS_STATUS_INDICATION si;
    NdisZeroMemory(&si, sizeof(si));
    si.SourceHandle = h;
    si.StatusCode = NDIS_STATUS_ISOLATION_PARAMETERS_CHANGE;
    NdisMIndicateStatusEx(h, &si);
}
_IRQL_requires_(HIGH_LEVEL)
VOID OnFault(NDIS_HANDLE h)
{
    Indicate(h);
}
`;

async function analyse(text: string) {
  const a = await createAnalyzer();
  a.setFile('file:///w/budget.c', text);
  const findings = [...a.analyze().values()].flat();
  return { findings, skipped: a.skipped() };
}

test('a budget counts steps and stops the work that exceeds it; budgets nest independently', () => {
  assert.throws(() => withBudget(10, () => charge(11)), (e) => e instanceof OverBudget && e.reason === 'budget');
  assert.equal(withBudget(10, () => (charge(10), 'done')), 'done');
  const inner = withBudget(10, () => {
    charge(5);
    assert.throws(() => withBudget(3, () => charge(4)), OverBudget);
    charge(5); // the inner budget's work is its own
    return 'outer kept';
  });
  assert.equal(inner, 'outer kept');
  charge(1e12); // no budget in force: counted, never thrown
  const before = stepsCounted();
  charge(7);
  assert.equal(stepsCounted() - before, 7);
  assert.ok(budgetFor(1000) > budgetFor(10), 'larger functions get more');
});

test('a function whose values cost more than its budget is skipped with a note; its neighbour is reported', async () => {
  const old = scaleBudgets(0.02);
  try {
    const { findings, skipped } = await analyse(NEIGHBOUR + manyIndications(600));
    assert.ok(findings.some((f) => f.rule === 'indication/header'), JSON.stringify(findings.map((f) => f.rule)));
    assert.ok(!findings.some((f) => f.range.start.line > 12), 'nothing from the skipped function');
    assert.deepEqual(skipped.map((s) => [s.name, s.reason, s.stage]), [['Many', 'budget', 'values']]);
    assert.match(skipped[0].message, /work budget/);
  } finally {
    scaleBudgets(old);
  }
});

test('a function too large to read within its budget is left out of the facts with a note', async () => {
  const old = scaleBudgets(0.0005);
  try {
    const { findings, skipped } = await analyse(NEIGHBOUR + manyIndications(60));
    assert.ok(findings.some((f) => f.rule === 'indication/header'));
    assert.deepEqual(skipped.map((s) => [s.name, s.reason, s.stage]), [['Many', 'budget', 'extract']]);
  } finally {
    scaleBudgets(old);
  }
});

test('a function whose paths cost more than their budget is skipped with a note', async () => {
  const arms = Array.from({ length: 60 }, (_, i) => `    if (a == ${i}) { Pause(h); } else { Resume(h); }\n`).join('');
  const helpers = ['PAUSE', 'RESUME'].map((w) => `VOID ${w === 'PAUSE' ? 'Pause' : 'Resume'}(NDIS_HANDLE h)\n{\n    NDIS_STATUS_INDICATION si;\n    NdisZeroMemory(&si, sizeof(si));\n    si.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;\n    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;\n    si.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;\n    si.SourceHandle = h;\n    si.StatusCode = NDIS_STATUS_OFFLOAD_${w};\n    NdisMIndicateStatusEx(h, &si);\n}\n`).join('');
  const text = `${NEIGHBOUR}${helpers}VOID Paths(NDIS_HANDLE h, int a)\n{\n${arms}}\n`;
  const full = await analyse(text);
  assert.deepEqual(full.skipped, [], 'within the normal budget every path is walked');
  const old = scaleBudgets(0.002);
  try {
    const { findings, skipped } = await analyse(text);
    assert.ok(findings.some((f) => f.rule === 'indication/header'));
    assert.deepEqual(skipped.map((s) => [s.name, s.reason, s.stage]), [['Paths', 'budget', 'paths']]);
  } finally {
    scaleBudgets(old);
  }
});

test('the work counted for a file grows in proportion to it (pathological shapes included)', async () => {
  const shapes = [
    (n: number) => Array.from({ length: n }, (_, i) => NEIGHBOUR.replace('VOID Bad', `VOID Bad${i}`)).join(''),
    (n: number) => `VOID F(int a) { ${Array.from({ length: n * 20 }, (_, i) => `if (a == ${i}) { x(); } else { y(); }`).join(' ')} }\n`,
    (n: number) => `VOID F(int a) { ${'y = (a);'.repeat(n * 40)} z = ${Array.from({ length: n * 10 }, () => '(x const const const + 1)').join(' + ')}; }\n`,
    (n: number) => `VOID F(int a) { ${`f(${'a'.repeat(n * 500)}(x));`.repeat(20)} }\n`,
    // Copies of a function annotated to run above DISPATCH_LEVEL and of the helper it indicates through
    // (the fuzz harness's seed 77 case 256): a chain search per indicating copy read every caller of the
    // name, the square of the copies.
    (n: number) => IRQL_COPY.repeat(n * 10),
  ];
  for (const [i, shape] of shapes.entries()) {
    const steps: number[] = [];
    for (const n of [20, 40]) {
      const before = stepsCounted();
      await analyse(shape(n));
      steps.push(stepsCounted() - before);
    }
    assert.ok(steps[1] <= 2.3 * steps[0], `shape ${i}: ${steps[0]} steps, then ${steps[1]} for twice the text`);
  }
});
