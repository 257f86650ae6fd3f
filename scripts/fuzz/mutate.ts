// Structural mutations of C driver files for the fuzz harness: deep nesting,
// long chains, long identifiers, pathological casts, macro bombs, random byte
// edits, mixed line endings and a few more shapes that once broke analyzers.
// Each mutator takes a file and returns a new text; sizes are drawn on a log
// scale so that most inputs are ordinary and some are extreme.
import type { Rng } from './random';

export interface Mutator {
  name: string;
  apply(text: string, rnd: Rng, other: () => string): string;
}

/** Inputs stay below this size, so that one case is quick to run and to save. */
export const MAX_INPUT = 1_500_000;

/** An offset just after a `;` or `{` (inside a function body, most of the time), or the end of the text. */
function statementPoint(text: string, rnd: Rng): number {
  const points: number[] = [];
  for (let i = 0; i < text.length && points.length < 4000; i++) if (text[i] === ';' || text[i] === '{') points.push(i + 1);
  return points.length ? rnd.pick(points) : text.length;
}

function insertAt(text: string, at: number, what: string): string {
  return text.slice(0, at) + what + text.slice(at);
}

/** A random identifier occurrence: [start, end). */
function identifier(text: string, rnd: Rng): [number, number] | undefined {
  const ids: [number, number][] = [];
  for (const m of text.matchAll(/\b[A-Za-z_]\w{0,60}\b/g)) {
    ids.push([m.index!, m.index! + m[0].length]);
    if (ids.length > 4000) break;
  }
  return ids.length ? rnd.pick(ids) : undefined;
}

/** A statement of the shape the analyzer cares about, so deep code still holds something to resolve. */
function payload(rnd: Rng): string {
  return rnd.pick([
    'x();',
    'si.StatusCode = NDIS_STATUS_OFFLOAD_PAUSE;',
    'NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);',
    'Status = NDIS_STATUS_PAUSED;',
    'return;',
    'goto Exit;',
    'break;',
  ]);
}

const body = (inner: string) => `\nVOID FuzzDeep(PADAPTER Adapter)\n{\n    NDIS_STATUS_INDICATION si;\n    ${inner}\nExit:\n    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);\n}\n`;

/** Wraps `inner` in `k` levels of one construct. */
function nest(kind: string, k: number, inner: string): string {
  switch (kind) {
    case 'braces':
      return '{'.repeat(k) + inner + '}'.repeat(k);
    case 'if':
      return 'if (a) '.repeat(k) + inner;
    case 'while':
      return 'while (a) '.repeat(k) + inner;
    case 'for':
      return 'for (;;) '.repeat(k) + inner;
    case 'do':
      return 'do { '.repeat(k) + inner + ' } while (0);'.repeat(k);
    case 'switch':
      return 'switch (a) { case 1: '.repeat(k) + inner + ' }'.repeat(k);
    case 'else-if':
      return 'if (a == 0) x();' + Array.from({ length: k }, (_, i) => ` else if (a == ${i + 1}) ${inner}`).join('');
    case 'try':
      return '__try { '.repeat(k) + inner + ' } __finally { y(); }'.repeat(k);
    case 'label':
      return Array.from({ length: k }, (_, i) => `L${i}: `).join('') + inner;
    case 'preproc':
      return '\n#if A\n'.repeat(k) + inner + '\n#else\nz();\n#endif\n'.repeat(k);
    case 'preproc-dead':
      return '\n#if 0\nq();\n#else\n'.repeat(k) + inner + '\n#endif\n'.repeat(k);
    default:
      return inner;
  }
}

const NEST_KINDS = ['braces', 'if', 'while', 'for', 'do', 'switch', 'else-if', 'try', 'label', 'preproc', 'preproc-dead'];

/** An expression of `k` parts joined or wrapped by one construct. */
function chain(kind: string, k: number): string {
  const terms = (sep: string) => Array.from({ length: k }, (_, i) => `a${i % 97}`).join(sep);
  switch (kind) {
    case 'plus':
      return terms(' + ');
    case 'and':
      return terms(' && ');
    case 'or':
      return terms(' || ');
    case 'bitor':
      return terms(' | ');
    case 'comma':
      return `f(${terms(', ')})`;
    case 'arrow':
      return 'p' + '->a'.repeat(k);
    case 'dot':
      return 's' + '.a'.repeat(k);
    case 'index':
      return 'v' + '[0]'.repeat(k);
    case 'parens':
      return '('.repeat(k) + 'a' + ')'.repeat(k);
    case 'calls':
      return 'f('.repeat(k) + 'a' + ')'.repeat(k);
    case 'unary':
      return '!-~'.repeat(k) + 'a';
    case 'ternary':
      return 'a ? b : '.repeat(k) + 'c';
    case 'assign':
      return 'x = ('.repeat(k) + '1' + ')'.repeat(k);
    case 'casts':
      return '(PVOID)'.repeat(k) + 'a';
    case 'address':
      return '&*'.repeat(k) + 'a';
    default:
      return 'a';
  }
}

const CHAIN_KINDS = ['plus', 'and', 'or', 'bitor', 'comma', 'arrow', 'dot', 'index', 'parens', 'calls', 'unary', 'ternary', 'assign', 'casts', 'address'];

export const MUTATORS: Mutator[] = [
  {
    name: 'deep-nesting',
    apply(text, rnd) {
      const inner = nest(rnd.pick(NEST_KINDS), rnd.size(4000), payload(rnd));
      return rnd.chance(0.5) ? insertAt(text, statementPoint(text, rnd), inner) : text + body(inner);
    },
  },
  {
    name: 'long-chain',
    apply(text, rnd) {
      const kind = rnd.pick(CHAIN_KINDS);
      const expr = chain(kind, rnd.size(kind === 'calls' || kind === 'parens' ? 4000 : 20000));
      const stmt = rnd.pick([`si.StatusCode = ${expr};`, `y = ${expr};`, `if (${expr}) x();`, `NdisMIndicateStatusEx(${expr}, &si);`, `${expr};`]);
      return rnd.chance(0.5) ? insertAt(text, statementPoint(text, rnd), stmt) : text + body(stmt);
    },
  },
  {
    name: 'long-identifier',
    apply(text, rnd) {
      const id = identifier(text, rnd);
      const long = rnd.pick(['a', 'NDIS_STATUS_', 'Tcp', '_In_', 'x9']) + 'a'.repeat(rnd.size(200_000));
      if (!id) return text + `\nVOID ${long}(VOID) { ${long}(); }\n`;
      return text.slice(0, id[0]) + long + text.slice(id[1]);
    },
  },
  {
    name: 'pathological-cast',
    apply(text, rnd) {
      const k = rnd.size(200);
      const expr = rnd.pick([
        `(x${'const'.repeat(k)} + 1) + 2`,
        `(x${' const'.repeat(k)} * 2)`,
        `(${'PVOID'.repeat(k)})(ULONG_PTR)x`,
        `${'(('.repeat(k)}x${'))'.repeat(k)}`,
        `(a)${'(b)'.repeat(k)}c`,
        `(${'*'.repeat(k)}x)`,
        `sizeof(${'('.repeat(k)}X${')'.repeat(k)}) + sizeof ${'a'.repeat(k)}`,
        `${'/*'.repeat(k)} x`,
        `x ${'// '.repeat(k)}`,
        `${'!('.repeat(k)}Paused${')'.repeat(k)}`,
      ]);
      const stmt = rnd.pick([`si.StatusCode = ${expr};`, `si.StatusBufferSize = ${expr};`, `NdisMIndicateStatusEx(${expr}, &si);`, `if (${expr}) { x(); }`, `(${expr})(a);`]);
      return rnd.chance(0.5) ? insertAt(text, statementPoint(text, rnd), stmt) : text + body(stmt);
    },
  },
  {
    name: 'macro-bomb',
    apply(text, rnd) {
      const k = rnd.size(60);
      const lines: string[] = ['#define M0 1'];
      const shape = rnd.int(4);
      for (let i = 1; i <= k; i++) {
        if (shape === 0) lines.push(`#define M${i} (M${i - 1} + M${i - 1})`);
        else if (shape === 1) lines.push(`#define M${i} (M${i - 1} | M${i - 1} << 1 | M${i - 1})`);
        else if (shape === 2) lines.push(`#define M${i} M${i}`);
        else lines.push(`#define M${i}(a, b) M${i - 1}(a, b); NdisMIndicateStatusEx(a, b); (b)->StatusCode = M${i - 1}`);
      }
      if (shape === 3) lines[0] = '#define M0(a, b) (b)->StatusCode = NDIS_STATUS_OFFLOAD_PAUSE';
      const use = shape === 3 ? `M${k}(Adapter->MiniportAdapterHandle, &si);` : `si.StatusCode = M${k};\n    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);`;
      return lines.join(rnd.chance(0.2) ? '\r' : '\n') + '\n' + text + body(use);
    },
  },
  {
    name: 'deep-initializer',
    apply(text, rnd) {
      const k = rnd.size(4000);
      const list = rnd.chance(0.5) ? '{'.repeat(k) + '0' + '}'.repeat(k) : `{ .Header = { ${'.a = { '.repeat(k)}0${' }'.repeat(k)} } }`;
      const decl = `NDIS_STATUS_INDICATION si2 = ${list};`;
      return rnd.chance(0.3) ? text + `\n${decl}\n` : text + body(decl);
    },
  },
  {
    name: 'call-chain',
    apply(text, rnd) {
      // Many functions, each called by the next: call-graph walks must not recurse per function.
      const k = rnd.size(20000);
      const fns = [`VOID Fz0(PADAPTER Adapter, PNDIS_STATUS_INDICATION p) { p->StatusCode = NDIS_STATUS_OFFLOAD_PAUSE; NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, p); }`];
      for (let i = 1; i < k; i++) fns.push(`VOID Fz${i}(PADAPTER Adapter, PNDIS_STATUS_INDICATION p) { Fz${i - 1}(Adapter, p); }`);
      if (rnd.chance(0.5)) fns.push(`VOID FzInit(VOID) { Chars.InitializeHandlerEx = Fz${k - 1}; NdisMSetMiniportAttributes(h, &OffloadAttributes); }`);
      return text + '\n' + fns.join('\n') + '\n';
    },
  },
  {
    name: 'byte-edits',
    apply(text, rnd) {
      const chars = ['\0', '\r', '\n', '\u2028', '\ud800', '\udc00', '\uffff', '😀', '{', '}', '(', ')', '"', "'", '/*', '*/', '//', '#', '\\', ';', ',', '\t', 'é', 'IN', '_In_', '->'];
      let t = text;
      const edits = rnd.size(200);
      for (let e = 0; e < edits; e++) {
        const at = rnd.int(t.length + 1);
        const op = rnd.int(3);
        if (op === 0) t = insertAt(t, at, rnd.chance(0.7) ? rnd.pick(chars) : String.fromCharCode(rnd.int(0x10000)));
        else if (op === 1) t = t.slice(0, at) + t.slice(at + rnd.size(40));
        else t = t.slice(0, at) + rnd.pick(chars) + t.slice(at + 1);
      }
      return t;
    },
  },
  {
    name: 'line-endings',
    apply(text, rnd) {
      const mode = rnd.int(4);
      if (mode === 0) return text.replace(/\r?\n/g, '\r');
      if (mode === 1) return text.replace(/\r?\n/g, '\r\n');
      if (mode === 2) return text.replace(/\r?\n/g, () => rnd.pick(['\n', '\r', '\r\n', '\n\r']));
      return text.replace(/\r?\n/g, () => rnd.pick(['\n', '\r', '\u2028', '\u2029', '\x0b', '\x0c']));
    },
  },
  {
    name: 'unterminated',
    apply(text, rnd) {
      const what = rnd.pick(['/*', '"', "'", '#if 1\n', '#else\n', '#endif\n', '{', '}', '(', '\\\n', '#define X \\\n', 'R"(']);
      return insertAt(text, rnd.int(text.length + 1), what);
    },
  },
  {
    name: 'open-comments',
    apply(text, rnd) {
      // Many `/*` with no `*/` after them (tree-sitter's lexer rescans to the end for each).
      const k = rnd.size(20000);
      const at = rnd.chance(0.5) ? text.length : rnd.int(text.length + 1);
      return insertAt(text, at, rnd.pick(['/* ', '/*', ' /*x', '"/*" /* ']).repeat(k));
    },
  },
  {
    name: 'typedefs',
    apply(text, rnd) {
      const k = rnd.size(20000);
      const decls = rnd.pick([
        () => Array.from({ length: k }, (_, i) => `typedef T${i} *T${i + 1};`).join('\n') + `\nT${k} gT;`,
        () => `typedef B A;\ntypedef A B;\ntypedef PA A${'*'.repeat(k % 50)};\nA *gA;`,
        () => `NDIS_LINK_STATE ${'*'.repeat(k)}gDeep;`,
        () => `typedef struct _S${'*'.repeat(k)} PS;`,
      ])();
      const use = 'VOID FuzzTypes(PADAPTER Adapter)\n{\n    NDIS_STATUS_INDICATION si;\n    si.StatusBuffer = gT ? (PVOID)gA : (PVOID)gDeep;\n    si.StatusBufferSize = sizeof(*gA);\n    NdisMIndicateStatusEx(Adapter->MiniportAdapterHandle, &si);\n}\n';
      return `${decls}\n${text}\n${use}`;
    },
  },
  {
    name: 'cpp',
    apply(text, rnd) {
      // C++ shapes (read as such when the file is C++): deep namespaces, classes, lambdas, templates,
      // long qualified names and member chains, each around or beside an indication.
      const k = rnd.size(5000);
      const call = payload(rnd);
      const shape = rnd.pick([
        () => 'namespace n { '.repeat(k) + `VOID F(PADAPTER Adapter) { NDIS_STATUS_INDICATION si; ${call} }` + ' }'.repeat(k),
        () => 'class C { public: '.repeat(k) + `VOID F() { NDIS_STATUS_INDICATION si; ${call} }` + ' };'.repeat(k),
        () => `VOID F(PADAPTER Adapter) { NDIS_STATUS_INDICATION si; ${'auto l = [&]() { '.repeat(k)}${call}${' }; l();'.repeat(k)} }`,
        () => `template <${'template <typename T> class '.repeat(Math.min(k, 2000))}X> VOID F() { ${call} }`,
        () => `VOID ${'N::'.repeat(k)}F(PADAPTER Adapter) { NDIS_STATUS_INDICATION si; ${call} }`,
        () => `VOID C::F() { NDIS_STATUS_INDICATION si; si.SourceHandle = this${'->m'.repeat(k)}; NdisMIndicateStatusEx(this->h, &si); }`,
        () => `C::C() : ${Array.from({ length: k }, (_, i) => `m${i}(${i})`).join(', ')} { ${call} }`,
        () => `VOID F() { ${'static_cast<PVOID>('.repeat(k)}p${')'.repeat(k)}; ${call} }`,
        () => `extern "C" { `.repeat(k) + `VOID F() { ${call} }` + ' }'.repeat(k),
        () => `VOID F() { X<${'X<'.repeat(k)}int${'>'.repeat(k)}> v; ${call} }`,
      ]);
      return insertAt(text, rnd.chance(0.5) ? text.length : statementPoint(text, rnd), `\n${shape()}\n`);
    },
  },
  {
    name: 'truncate',
    apply(text, rnd) {
      return text.slice(0, rnd.int(text.length + 1));
    },
  },
  {
    name: 'splice',
    apply(text, rnd, other) {
      const o = other();
      const a = rnd.int(o.length + 1);
      const chunk = o.slice(a, a + rnd.size(4000));
      return insertAt(text, rnd.int(text.length + 1), chunk);
    },
  },
  {
    name: 'suppressions',
    apply(text, rnd) {
      const k = rnd.size(20000);
      const lines = rnd.pick([
        `// ndis-offload-disable-next-line ${'a-'.repeat(k)}`,
        `// ndis-offload-disable-file ${'indication/header '.repeat(Math.min(k, 2000))}`,
        `#pragma warning(suppress: ${'#pragma warning(suppress: '.repeat(Math.min(k, 2000))}`,
        `// ${'// ndis-offload-disable-next-line '.repeat(Math.min(k, 2000))}x`,
        Array.from({ length: Math.min(k, 5000) }, () => '// ndis-offload-disable-next-line indication/header').join('\n'),
      ]);
      return insertAt(text, rnd.int(text.length + 1), `\n${lines}\n`);
    },
  },
  {
    name: 'duplicate',
    apply(text, rnd) {
      const k = rnd.size(40);
      return Array.from({ length: k }, () => text).join('\n');
    },
  },
  {
    name: 'annotations',
    apply(text, rnd) {
      const k = rnd.size(5000);
      const ann = rnd.pick([`_In_${'a_'.repeat(k)}`, `__in_bcount(${'('.repeat(k)}`, `_When_(${'x,'.repeat(k)})`, `${'IN '.repeat(k)}`, `_Function_class_(${'a'.repeat(k)}`]);
      return insertAt(text, statementPoint(text, rnd), ` ${ann} `);
    },
  },
];

/** One to three mutations in a row; the names say what was done (saved with failing inputs). */
export function mutate(text: string, rnd: Rng, other: () => string, maxInput = MAX_INPUT): { text: string; names: string[] } {
  const names: string[] = [];
  let t = text;
  const count = 1 + (rnd.chance(0.3) ? rnd.int(3) : 0);
  for (let i = 0; i < count; i++) {
    const m = rnd.pick(MUTATORS);
    const next = m.apply(t, rnd, other);
    if (next.length > maxInput) continue;
    t = next;
    names.push(m.name);
  }
  return { text: t, names };
}
