// Every snippet in snippets/ndis-offload.code-snippets, expanded the way VS Code
// would with its default placeholder values (first choice for choices), wrapped
// in a C function and checked twice: structurally (the indication is complete and
// its SourceHandle is the call's handle) and by our own analyzer (no finding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeSources } from '../../server/src/rules/analyzeWithRules';
import {
  CHIMNEY_INDICATIONS,
  EVENT_TYPE_BY_NAME,
  MAX_UPLOAD_REASON,
  OTHER_CONSTANTS,
  UPLOAD_REASONS,
  UPLOAD_REASON_BY_NAME,
} from '../../server/src/ndis/constants';
import { CATALOGUE_BY_NAME } from '../../server/src/ndis/statusCatalogue';

const SNIPPET_FILE = 'snippets/ndis-offload.code-snippets';

interface SnippetDef {
  prefix: string | string[];
  body: string | string[];
  description?: string;
  scope?: string;
}

function loadSnippets(): Map<string, { name: string; def: SnippetDef; body: string }> {
  const raw = JSON.parse(readFileSync(SNIPPET_FILE, 'utf8')) as Record<string, SnippetDef>;
  const byPrefix = new Map<string, { name: string; def: SnippetDef; body: string }>();
  for (const [name, def] of Object.entries(raw)) {
    const body = Array.isArray(def.body) ? def.body.join('\n') : def.body;
    for (const p of Array.isArray(def.prefix) ? def.prefix : [def.prefix]) byPrefix.set(p, { name, def, body });
  }
  return byPrefix;
}

// ---------------------------------------------------------------------------
// A small expander for the part of the VS Code snippet grammar we use:
// `$n`, `${n}`, `${n:default}` (the default may nest), `${n|a,b|}`, `$0`, and the
// escapes `\$`, `\}`, `\\` (plus `\,` and `\|` inside choices). Variables such as
// `$TM_FILENAME` are rejected so that a snippet relying on one is noticed.

type SnipNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number }
  | { kind: 'placeholder'; index: number; children: SnipNode[] }
  | { kind: 'choice'; index: number; options: string[] };

class SnippetSyntaxError extends Error {}

function parseSnippet(src: string): SnipNode[] {
  let i = 0;
  const fail = (msg: string): never => {
    throw new SnippetSyntaxError(`${msg} at offset ${i} in ${JSON.stringify(src.slice(Math.max(0, i - 20), i + 20))}`);
  };
  const digits = (): number => {
    const m = /^\d+/.exec(src.slice(i));
    if (!m) return fail('expected a tab-stop number');
    i += m[0].length;
    return Number(m[0]);
  };
  // Reads nodes until `stop` (a closing `}` of a placeholder) or the end.
  const seq = (inPlaceholder: boolean): SnipNode[] => {
    const out: SnipNode[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ kind: 'text', value: text });
      text = '';
    };
    while (i < src.length) {
      const c = src[i];
      if (c === '\\' && i + 1 < src.length && '$}\\'.includes(src[i + 1])) {
        text += src[i + 1];
        i += 2;
      } else if (c === '}' && inPlaceholder) {
        flush();
        return out;
      } else if (c === '$') {
        const next = src[i + 1];
        if (next !== undefined && /\d/.test(next)) {
          flush();
          i++;
          out.push({ kind: 'tabstop', index: digits() });
        } else if (next === '{') {
          flush();
          i += 2;
          if (!/\d/.test(src[i] ?? '')) fail('variables are not supported by this expander');
          const index = digits();
          if (src[i] === '}') {
            i++;
            out.push({ kind: 'tabstop', index });
          } else if (src[i] === ':') {
            i++;
            const children = seq(true);
            if (src[i] !== '}') fail('unterminated placeholder');
            i++;
            out.push({ kind: 'placeholder', index, children });
          } else if (src[i] === '|') {
            i++;
            const options: string[] = [];
            let opt = '';
            for (;;) {
              if (i >= src.length) fail('unterminated choice');
              const d = src[i];
              if (d === '\\' && ',|\\$}'.includes(src[i + 1] ?? '')) {
                opt += src[i + 1];
                i += 2;
              } else if (d === ',') {
                options.push(opt);
                opt = '';
                i++;
              } else if (d === '|' && src[i + 1] === '}') {
                options.push(opt);
                i += 2;
                break;
              } else {
                opt += d;
                i++;
              }
            }
            out.push({ kind: 'choice', index, options });
          } else {
            fail('malformed ${...}');
          }
        } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
          fail('variables are not supported by this expander');
        } else {
          text += c; // a lone `$` is literal text in VS Code
          i++;
        }
      } else {
        text += c;
        i++;
      }
    }
    if (inPlaceholder) fail('unterminated placeholder');
    flush();
    return out;
  };
  return seq(false);
}

/** Tab stops as the user sees them: index -> every option (a placeholder has one, its default). */
function tabStops(nodes: SnipNode[], into = new Map<number, { options: string[]; kind: string }[]>()) {
  for (const n of nodes) {
    if (n.kind === 'placeholder') {
      const list = into.get(n.index) ?? [];
      list.push({ kind: 'placeholder', options: [render(n.children, new Map())] });
      into.set(n.index, list);
      tabStops(n.children, into);
    } else if (n.kind === 'choice') {
      const list = into.get(n.index) ?? [];
      list.push({ kind: 'choice', options: n.options });
      into.set(n.index, list);
    } else if (n.kind === 'tabstop' && !into.has(n.index)) {
      into.set(n.index, []);
    }
  }
  return into;
}

/** Renders with `values[n]` for tab stop n; otherwise its default (or first choice); mirrors repeat it. */
function render(nodes: SnipNode[], values: Map<number, string>): string {
  // First pass: the default of each index, taken from the first definition.
  const defaults = new Map<number, string>();
  const collect = (ns: SnipNode[]) => {
    for (const n of ns) {
      if (n.kind === 'placeholder') {
        if (!defaults.has(n.index)) defaults.set(n.index, render(n.children, values));
        collect(n.children);
      } else if (n.kind === 'choice' && !defaults.has(n.index)) defaults.set(n.index, n.options[0] ?? '');
    }
  };
  collect(nodes);
  const value = (index: number): string => (index === 0 ? '' : (values.get(index) ?? defaults.get(index) ?? ''));
  const out = (ns: SnipNode[]): string =>
    ns.map((n) => (n.kind === 'text' ? n.value : value(n.index))).join('');
  return out(nodes);
}

function expand(body: string, values: Map<number, string> = new Map()): string {
  return render(parseSnippet(body), values);
}

// The expander itself, on the syntax it claims to handle.
test('snippet expander: tab stops, placeholders, mirrors, choices and escapes', () => {
  assert.equal(expand('a ${1:x} b $1 c ${1}$0'), 'a x b x c x');
  assert.equal(expand('${2|one,two|}-$2'), 'one-one');
  assert.equal(expand('$1 then ${1:late}'), 'late then late');
  assert.equal(expand('cost \\$5 \\} \\\\'), 'cost $5 } \\');
  assert.equal(expand('${1:outer ${2:inner}} $2'), 'outer inner inner');
  assert.equal(expand('${1|a\\,b,c|}'), 'a,b');
  assert.equal(expand('${1:x}', new Map([[1, 'y']])), 'y');
  assert.throws(() => expand('$TM_FILENAME'), SnippetSyntaxError);
  assert.throws(() => expand('${1:unterminated'), SnippetSyntaxError);
});

// ---------------------------------------------------------------------------
// What each snippet must insert, by prefix.

interface Expectation {
  /** Status codes of the NdisMIndicateStatusEx calls, in order. */
  indications?: string[];
  /** Event type of the NdisTcpOffloadEventHandler call. */
  event?: string;
  /** The snippet waits for the upload-all to drain between the upload-all and the resume. */
  waitsForDrain?: boolean;
  /**
   * The only rules the snippet alone (in a driver with no other offload code) may report:
   * a pause or upload-all with nothing after it leaves offloading held, and a resume with
   * no pause anywhere has nothing to resume. At least one of them must be reported unless
   * `aloneMaySilence` is set.
   */
  alone?: string[];
  /** The analyzer does not (yet) report the snippet alone; see the note at the entry. */
  aloneMaySilence?: boolean;
  /**
   * Snippets that open or close a protocol sequence are "filled" by completing the sequence
   * around them with the other snippets, as a user would: these prefixes go before / after.
   */
  before?: string[];
  after?: string[];
}

const DRAIN_WAIT = 'NdisWaitEvent(&Adapter->UploadDrainedEvent, 0);';

const EXPECT: Record<string, Expectation> = {
  'ndis-pause': {
    indications: ['NDIS_STATUS_OFFLOAD_PAUSE'],
    alone: ['protocol/pause-without-resume', 'protocol/pause-never-resumed'],
    after: ['ndis-resume'],
  },
  'ndis-upload-all': {
    indications: ['NDIS_STATUS_UPLOAD_ALL'],
    alone: ['protocol/pause-without-resume', 'protocol/pause-never-resumed'],
    // An upload-all with no resume anywhere also leaves the host offloading nothing new, but the
    // analyzer keys "never resumed" on the pause; until it covers upload-all, silence is accepted.
    aloneMaySilence: true,
    before: ['ndis-pause'],
    after: [DRAIN_WAIT, 'ndis-resume'],
  },
  'ndis-resume': { indications: ['NDIS_STATUS_OFFLOAD_RESUME'], alone: ['protocol/resume-without-pause'], before: ['ndis-pause'] },
  'ndis-resume-caps': { indications: ['NDIS_STATUS_OFFLOAD_RESUME'], alone: ['protocol/resume-without-pause'], before: ['ndis-pause'] },
  'ndis-failover': {
    indications: ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'],
    waitsForDrain: true,
  },
  'ndis-capability-change': {
    indications: ['NDIS_STATUS_OFFLOAD_PAUSE', 'NDIS_STATUS_UPLOAD_ALL', 'NDIS_STATUS_OFFLOAD_RESUME'],
    waitsForDrain: true,
  },
  'ndis-retrieve': { event: 'TcpIndicateRetrieve' },
  'ndis-abort': { event: 'TcpIndicateAbort' },
  'ndis-disconnect': { event: 'TcpIndicateDisconnect' },
  'ndis-send-backlog': { event: 'TcpIndicateSendBacklogChange' },
  'ndis-link-state': { indications: ['NDIS_STATUS_LINK_STATE'] },
  'ndis-port-state': { indications: ['NDIS_STATUS_PORT_STATE'] },
  'ndis-offload-config': { indications: ['NDIS_STATUS_TASK_OFFLOAD_CURRENT_CONFIG'] },
  'ndis-receive-queue-state': { indications: ['NDIS_STATUS_RECEIVE_QUEUE_STATE'] },
};

const SNIPPETS = loadSnippets();

/** Expanded text of a prefix, or a literal line of C when it is not a prefix. */
function piece(prefixOrCode: string, values?: Map<number, string>): string {
  const s = SNIPPETS.get(prefixOrCode);
  return s ? expand(s.body, values) : prefixOrCode;
}

/** A C file with one function whose body is the given pieces, indented. */
function wrap(pieces: string[], fn = 'SnippetUnderTest'): string {
  const body = pieces
    .join('\n\n')
    .split('\n')
    .map((l) => (l ? `    ${l}` : l))
    .join('\n');
  return [
    '#include <ndis.h>',
    '#include <ndischimney.h>',
    '',
    'VOID',
    `${fn}(`,
    '    _In_ PMP_ADAPTER Adapter,',
    '    _In_ PMP_TCP_CONNECTION Connection,',
    '    _In_ ULONG NewCapacity,',
    '    _In_ ULONG OptimalBacklogBytes)',
    '{',
    '    UNREFERENCED_PARAMETER(Connection);',
    '    UNREFERENCED_PARAMETER(NewCapacity);',
    '    UNREFERENCED_PARAMETER(OptimalBacklogBytes);',
    '',
    body,
    '}',
    '',
  ].join('\n');
}

function filled(prefix: string, values?: Map<number, string>): string {
  const e = EXPECT[prefix];
  return wrap([...(e.before ?? []).map((p) => piece(p)), piece(prefix, values), ...(e.after ?? []).map((p) => piece(p))]);
}

// ---------------------------------------------------------------------------
// The file itself.

test('snippet file: every snippet has an ndis- prefix, a description, a parseable body, and is expected', () => {
  const raw = JSON.parse(readFileSync(SNIPPET_FILE, 'utf8')) as Record<string, SnippetDef>;
  const prefixes: string[] = [];
  for (const [name, def] of Object.entries(raw)) {
    const ps = Array.isArray(def.prefix) ? def.prefix : [def.prefix];
    for (const p of ps) {
      assert.match(p, /^ndis-[a-z0-9-]+$/, `${name}: prefix ${p}`);
      prefixes.push(p);
    }
    assert.ok(def.description && def.description.length > 20, `${name}: description`);
    assert.ok(Array.isArray(def.body) && def.body.length > 0, `${name}: body is an array of lines`);
    const body = (def.body as string[]).join('\n');
    const nodes = parseSnippet(body);
    // One default per tab stop: mirrors must not disagree about their default.
    for (const [index, defs] of tabStops(nodes)) {
      const defaults = new Set(defs.map((d) => d.options.join('|')));
      assert.ok(defaults.size <= 1, `${name}: tab stop $${index} has conflicting defaults ${[...defaults].join(' / ')}`);
    }
    assert.ok(body.includes('$0'), `${name}: has a final cursor position $0`);
  }
  assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
  assert.deepEqual([...prefixes].sort(), Object.keys(EXPECT).sort(), 'every snippet has an expectation here and vice versa');
});

test('snippet file: the retrieve snippet offers exactly the eleven valid TCP_UPLOAD_REASON values, in numeric order', () => {
  const s = SNIPPETS.get('ndis-retrieve');
  assert.ok(s);
  const choices = [...tabStops(parseSnippet(s.body)).values()].flat().filter((d) => d.kind === 'choice');
  assert.equal(choices.length, 1, 'one choice');
  const options = choices[0].options;
  assert.equal(options.length, 11);
  const values = options.map((o) => UPLOAD_REASON_BY_NAME.get(o)?.value);
  assert.deepEqual(values, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.ok(!options.includes(MAX_UPLOAD_REASON.name));
  // Every valid value is offered (4 has two spellings; one of them is enough).
  const offered = new Set(values);
  for (const r of UPLOAD_REASONS) assert.ok(offered.has(r.value), r.name);
});

// ---------------------------------------------------------------------------
// (a) Structural checks of the expanded text.

const VALUE_OF = (name: string): number | undefined => OTHER_CONSTANTS.get(name);

interface ParsedIndication {
  variable: string;
  handle: string;
  fields: Map<string, string>;
  declared: boolean;
  zeroed: boolean;
  callOffset: number;
}

/** Every `NdisMIndicateStatusEx(h, &v);` with the writes to `v` that precede it. */
function indicationsIn(text: string): ParsedIndication[] {
  const out: ParsedIndication[] = [];
  const call = /NdisMIndicateStatusEx\(\s*([^,]+?)\s*,\s*&\s*(\w+)\s*\)\s*;/g;
  for (let m = call.exec(text); m; m = call.exec(text)) {
    const [, handle, variable] = m;
    const before = text.slice(0, m.index);
    const fields = new Map<string, string>();
    const assign = new RegExp(`\\b${variable}\\.([\\w.]+)\\s*=\\s*([^;]+);`, 'g');
    for (let a = assign.exec(before); a; a = assign.exec(before)) fields.set(a[1], a[2].trim());
    out.push({
      variable,
      handle,
      fields,
      declared: new RegExp(`\\bNDIS_STATUS_INDICATION\\s+${variable}\\s*;`).test(before),
      zeroed: new RegExp(`NdisZeroMemory\\(\\s*&${variable}\\s*,\\s*sizeof\\(\\s*${variable}\\s*\\)\\s*\\)`).test(before),
      callOffset: m.index,
    });
  }
  return out;
}

for (const prefix of Object.keys(EXPECT)) {
  const e = EXPECT[prefix];
  test(`snippet ${prefix}: expanded text is a complete, correct ${e.event ? 'offload event' : 'status indication'}`, () => {
    const text = piece(prefix);
    if (e.indications) {
      const found = indicationsIn(text);
      assert.deepEqual(
        found.map((f) => f.fields.get('StatusCode')),
        e.indications,
        'the status codes, in order',
      );
      const names = new Set(found.map((f) => f.variable));
      assert.equal(names.size, found.length, 'one NDIS_STATUS_INDICATION variable per indication');
      for (const f of found) {
        const where = `${prefix} ${f.variable}`;
        assert.ok(f.declared, `${where}: declared as NDIS_STATUS_INDICATION`);
        assert.ok(f.zeroed, `${where}: zeroed with NdisZeroMemory(&v, sizeof(v))`);
        assert.equal(f.fields.get('Header.Type'), 'NDIS_OBJECT_TYPE_STATUS_INDICATION', `${where}: Header.Type`);
        assert.equal(f.fields.get('Header.Revision'), 'NDIS_STATUS_INDICATION_REVISION_1', `${where}: Header.Revision`);
        assert.equal(f.fields.get('Header.Size'), 'NDIS_SIZEOF_STATUS_INDICATION_REVISION_1', `${where}: Header.Size`);
        assert.equal(f.fields.get('SourceHandle'), f.handle, `${where}: SourceHandle is the call's handle`);
        assert.equal(f.handle, 'Adapter->MiniportAdapterHandle', `${where}: the handle is the adapter's MiniportAdapterHandle`);
        const code = f.fields.get('StatusCode') ?? '';
        const entry = CATALOGUE_BY_NAME.get(code);
        const port = f.fields.get('PortNumber');
        if (entry?.musts.some((m) => m.kind === 'port-number')) {
          assert.ok(port !== undefined && port !== '0' && VALUE_OF(port) !== 0, `${where}: PortNumber names the port`);
        } else {
          assert.ok(port !== undefined && (port === '0' || VALUE_OF(port) === 0), `${where}: PortNumber is the default port`);
        }
        assert.ok(!f.fields.has('Flags') || f.fields.get('Flags') === '0', `${where}: Flags stays 0`);
        assert.ok(!f.fields.has('DestinationHandle') && !f.fields.has('RequestId'), `${where}: no destination / request id`);
        assert.ok((CHIMNEY_INDICATIONS as readonly string[]).includes(code) || entry, `${where}: a chimney or documented indication code`);
        const buffer = f.fields.get('StatusBuffer');
        const size = f.fields.get('StatusBufferSize');
        if (entry) {
          // The documented buffer: a declared structure of the code's type, its own header filled in.
          assert.equal(entry.buffer.kind, 'structure', `${where}: the snippet's code carries a structure`);
          const object = /^&\s*(\w+)$/.exec(buffer ?? '')?.[1];
          assert.ok(object, `${where}: the buffer is the address of a local structure`);
          assert.ok(new RegExp(`\\b${entry.buffer.type}\\s+${object}\\s*;`).test(text), `${where}: ${object} is declared as ${entry.buffer.type}`);
          assert.equal(size, `sizeof(${object})`, `${where}: buffer size`);
          const header = (field: string) => new RegExp(`\\b${object}\\.Header\\.${field}\\s*=\\s*(\\w+);`).exec(text)?.[1];
          assert.equal(header('Type'), entry.header!.type.name, `${where}: the buffer's Header.Type`);
          const rev = entry.header!.revisions.find((r) => r.revision.name === header('Revision'));
          assert.ok(rev, `${where}: a documented revision`);
          assert.equal(header('Size'), rev.size.name, `${where}: the size of that revision`);
        } else if (buffer === 'NULL') {
          assert.equal(size, '0', `${where}: a NULL buffer has size 0`);
        } else {
          assert.equal(code, 'NDIS_STATUS_OFFLOAD_RESUME', `${where}: only a resume carries a buffer`);
          assert.match(buffer ?? '', /^&\s*\w+(->|\.)\w+$/, `${where}: the buffer is the address of a structure`);
          assert.equal(size, 'sizeof(NDIS_TCP_CONNECTION_OFFLOAD)', `${where}: buffer size`);
        }
      }
      if (prefix === 'ndis-resume-caps' || prefix === 'ndis-capability-change') {
        assert.notEqual(found[found.length - 1].fields.get('StatusBuffer'), 'NULL', `${prefix}: the resume reports the capabilities`);
      }
      if (e.waitsForDrain) {
        const upload = found[e.indications.indexOf('NDIS_STATUS_UPLOAD_ALL')];
        const resume = found[e.indications.indexOf('NDIS_STATUS_OFFLOAD_RESUME')];
        const wait = text.indexOf(DRAIN_WAIT);
        assert.ok(wait > upload.callOffset && wait < resume.callOffset, `${prefix}: waits for the drain between upload-all and resume`);
      }
      if (prefix === 'ndis-capability-change') {
        const change = text.indexOf('Adapter->TcpConnectionOffloadConfig.TcpConnectionOffloadCapacity = NewCapacity;');
        assert.ok(change > text.indexOf(DRAIN_WAIT) && change < found[2].callOffset, 'the configuration changes between the drain and the resume');
      }
    }
    if (e.event) {
      const calls = [
        ...text.matchAll(/(\w+)->TcpOffloadHandlers\.NdisTcpOffloadEventHandler\(\s*(\w+)->NdisOffloadHandle\s*,\s*(\w+)\s*,\s*(\w+)\s*\)\s*;/g),
      ];
      assert.equal(calls.length, 1, `${prefix}: one call through the stored handler pointer`);
      const [, adapter, connection, eventType, info] = calls[0];
      assert.equal(adapter, 'Adapter');
      assert.equal(connection, 'Connection');
      assert.equal(eventType, e.event);
      assert.ok(EVENT_TYPE_BY_NAME.has(eventType), 'a TCP_OFFLOAD_EVENT_TYPE value');
      if (eventType === 'TcpIndicateRetrieve') {
        const reason = UPLOAD_REASON_BY_NAME.get(info);
        assert.ok(reason && reason.value >= 1 && reason.value <= 11, `a valid upload reason, got ${info}`);
      } else if (eventType === 'TcpIndicateAbort' || eventType === 'TcpIndicateDisconnect') {
        assert.equal(info, '0', 'EventSpecificInformation is 0 when it carries nothing');
      } else {
        assert.equal(info, 'OptimalBacklogBytes');
      }
    }
  });
}

// ---------------------------------------------------------------------------
// (b) Our own analyzer on the inserted and filled snippets.

/**
 * `chimney/deprecated` is a hint on every use of the chimney feature, whatever the code
 * looks like: no snippet can avoid it (users turn it off in the settings). It is checked to
 * be that hint and nothing else; every other rule must stay silent.
 */
const FEATURE_HINT = 'chimney/deprecated';

type AnyFinding = Awaited<ReturnType<typeof analyzeSources>>[number];

/** A readable list of findings for assertion messages. */
function show(findings: AnyFinding[]): string {
  return findings.map((f) => `${f.rule} @${f.range.start.line + 1}: ${f.message}`).join('\n');
}

async function analyze(sources: { uri: string; text: string }[]): Promise<AnyFinding[]> {
  const findings = await analyzeSources(sources);
  for (const f of findings.filter((x) => x.rule === FEATURE_HINT)) {
    assert.equal(f.severity, 'hint', `${FEATURE_HINT} stays a hint: ${show([f])}`);
  }
  return findings.filter((f) => f.rule !== FEATURE_HINT);
}

for (const prefix of Object.keys(EXPECT)) {
  const e = EXPECT[prefix];
  const context = [...(e.before ?? []), '<snippet>', ...(e.after ?? [])].join(' + ');
  test(`snippet ${prefix}: inserted and filled (${context}), the analyzer finds nothing`, async () => {
    const uri = `file:///snippets/${prefix}.c`;
    const text = filled(prefix);
    const findings = await analyze([{ uri, text }]);
    assert.deepEqual(findings, [], `findings in\n${text}\n${show(findings)}`);
  });
  if (e.alone) {
    const alone = e.alone;
    test(`snippet ${prefix}: alone, the analyzer reports at most the open sequence (${alone.join(', ')})`, async () => {
      const uri = `file:///snippets/${prefix}-alone.c`;
      const text = wrap([piece(prefix)]);
      const findings = await analyze([{ uri, text }]);
      const other = findings.filter((f) => !alone.includes(f.rule));
      assert.deepEqual(other, [], `unexpected findings in\n${text}\n${show(other)}`);
      if (!e.aloneMaySilence) assert.ok(findings.length > 0, `the open sequence is reported:\n${text}`);
    });
  }
}

test('snippet ndis-retrieve: every one of the eleven reasons, chosen, leaves no finding', async () => {
  const s = SNIPPETS.get('ndis-retrieve');
  assert.ok(s);
  const choice = [...tabStops(parseSnippet(s.body)).entries()].find(([, d]) => d.some((x) => x.kind === 'choice'));
  assert.ok(choice);
  const [index, defs] = choice;
  const sources = defs[0].options.map((reason) => ({
    uri: `file:///snippets/retrieve-${reason}.c`,
    text: wrap([piece('ndis-retrieve', new Map([[index, reason]]))], `Retrieve${reason}`),
  }));
  assert.equal(sources.length, 11);
  const findings = await analyze(sources);
  assert.deepEqual(findings, [], show(findings));
});

test('snippets filled with other names (adapter, handle field, variables) still leave no finding', async () => {
  // Tab through and type: the mirrors keep SourceHandle and the call's handle in step.
  const values = new Map([
    [1, 'pVElan'],
    [2, 'AdapterHandle'],
    [3, 'Status'],
    [4, 'OffloadCaps'],
    [5, 'SupportSack'],
    [6, 'NDIS_OFFLOAD_NOT_SUPPORTED'],
  ]);
  for (const prefix of ['ndis-failover', 'ndis-capability-change', 'ndis-resume-caps', 'ndis-retrieve', 'ndis-send-backlog']) {
    const e = EXPECT[prefix];
    const text = wrap([...(e.before ?? []).map((p) => piece(p)), piece(prefix, values), ...(e.after ?? []).map((p) => piece(p))])
      .replace('_In_ PMP_ADAPTER Adapter,', '_In_ PMP_ADAPTER Adapter,\n    _In_ PVELAN pVElan,')
      .replace('UNREFERENCED_PARAMETER(Connection);', 'UNREFERENCED_PARAMETER(Connection);\n    UNREFERENCED_PARAMETER(Adapter);');
    if (e.indications) {
      for (const f of indicationsIn(text)) {
        if (!f.handle.startsWith('pVElan')) continue;
        assert.equal(f.fields.get('SourceHandle'), 'pVElan->AdapterHandle', `${prefix}: mirrored SourceHandle`);
      }
    }
    const findings = await analyze([{ uri: `file:///snippets/${prefix}-renamed.c`, text }]);
    assert.deepEqual(findings, [], `${prefix}\n${text}\n${show(findings)}`);
  }
});

test('control: the same snippets, broken on purpose, are reported (the checks above are not vacuous)', async () => {
  const mutations: { prefix: string; rule: string; from: string | RegExp; to: string }[] = [
    { prefix: 'ndis-failover', rule: 'protocol/resume-before-upload-drain', from: DRAIN_WAIT, to: '' },
    { prefix: 'ndis-capability-change', rule: 'protocol/resume-before-upload-drain', from: DRAIN_WAIT, to: '' },
    {
      prefix: 'ndis-capability-change',
      rule: 'protocol/capability-change-outside-pause',
      // The change moves before the upload-all: made while merely paused.
      from: /(NdisMIndicateStatusEx\(Adapter->MiniportAdapterHandle, &UploadAllIndication\);)([\s\S]*?)(Adapter->TcpConnectionOffloadConfig\.TcpConnectionOffloadCapacity = NewCapacity;)/,
      to: '$3\n$2$1',
    },
    { prefix: 'ndis-pause', rule: 'indication/source-handle', from: 'SourceHandle = Adapter->', to: 'SourceHandle = LowerAdapter->' },
    { prefix: 'ndis-pause', rule: 'indication/header', from: /.*Header\.Revision.*\n/, to: '' },
    { prefix: 'ndis-retrieve', rule: 'offload-event/retrieve-reason', from: 'LowActivity', to: 'MaxUploadReason' },
    { prefix: 'ndis-abort', rule: 'offload-event/handle', from: 'Connection->NdisOffloadHandle', to: 'Adapter->MiniportAdapterHandle' },
    { prefix: 'ndis-link-state', rule: 'indication/status-buffer-header', from: /.*LinkState\.Header\.Revision.*\n/, to: '' },
    { prefix: 'ndis-link-state', rule: 'indication/status-buffer-type', from: 'StatusBuffer = &LinkState;', to: 'StatusBuffer = &LinkStateIndication;' },
    { prefix: 'ndis-link-state', rule: 'indication/status-code', from: '= NDIS_STATUS_LINK_STATE;', to: '= NDIS_STATUS_LINK_STATUS;' },
    { prefix: 'ndis-port-state', rule: 'indication/port-number', from: /.*PortNumber = PortNumber;\n/, to: '' },
    { prefix: 'ndis-offload-config', rule: 'indication/status-buffer-header', from: 'NDIS_OBJECT_TYPE_OFFLOAD;', to: 'NDIS_OBJECT_TYPE_STATUS_INDICATION;' },
    { prefix: 'ndis-receive-queue-state', rule: 'indication/status-buffer-type', from: 'StatusBufferSize = sizeof(QueueState)', to: 'StatusBufferSize = sizeof(NDIS_LINK_STATE)' },
  ];
  for (const m of mutations) {
    const good = filled(m.prefix);
    const bad = good.replace(m.from, m.to);
    assert.notEqual(bad, good, `${m.prefix}: the mutation applies`);
    const findings = await analyze([{ uri: `file:///snippets/${m.prefix}-broken.c`, text: bad }]);
    assert.ok(
      findings.some((f) => f.rule === m.rule),
      `${m.prefix} broken for ${m.rule}:\n${bad}\n${show(findings)}`,
    );
  }
});

test('all snippets together in one driver file leave no finding', async () => {
  // Each in its own function, as a driver would use them; the open sequences completed as above.
  const text = Object.keys(EXPECT)
    .map((prefix, i) => filled(prefix).replace('SnippetUnderTest', `SnippetUnderTest${i}`))
    .map((file, i) => (i === 0 ? file : file.replace('#include <ndis.h>\n#include <ndischimney.h>\n\n', '')))
    .join('\n');
  const findings = await analyze([{ uri: 'file:///snippets/all.c', text }]);
  assert.deepEqual(findings, [], show(findings));
});
