// #define lines of public C headers, and the numeric value of a name when the
// preprocessor could compute it from literals, casts, other names and the
// operators | & ^ + - << >> ~. Names whose value depends on a structure layout
// (sizeof, RTL_SIZEOF_THROUGH_FIELD, FIELD_OFFSET) are reported as such.
// Used only by collectHeaderFacts.ts, on headers fetched outside the repository.

export interface Define {
  name: string;
  params?: string[];
  body: string;
  /** Key of the header it came from. */
  file: string;
}

export type Resolved =
  | { kind: 'value'; value: number; file: string }
  | { kind: 'through'; type: string; field: string; file: string }
  | { kind: 'sizeof'; type: string; file: string }
  | { kind: 'missing' }
  | { kind: 'opaque'; file: string };

export function parseDefines(text: string, file: string, into: Map<string, Define>): void {
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const m of joined.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)(\(([^)]*)\))?[ \t]*(.*)$/gm)) {
    const body = m[4].replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '').trim();
    if (into.has(m[1])) continue; // first definition wins (headers are read in a fixed order)
    into.set(m[1], { name: m[1], params: m[2] ? m[3].split(',').map((p) => p.trim()) : undefined, body, file });
  }
}

const CASTS = /\(\s*(?:NDIS_STATUS|NTSTATUS|ULONG|LONG|UINT|UINT8|UINT16|UINT32|USHORT|UCHAR|DWORD|NDIS_OID|WDI_PORT_ID)\s*\)/g;

/** Expands names until only numbers and operators remain, or says why it cannot. */
function expand(expr: string, defs: ReadonlyMap<string, Define>, depth: number): string | Resolved {
  if (depth > 20) return { kind: 'opaque', file: '' };
  const through = /RTL_SIZEOF_THROUGH_FIELD\s*\(\s*(\w+)\s*,\s*([\w.]+)\s*\)/.exec(expr);
  if (through) return { kind: 'through', type: through[1], field: through[2], file: '' };
  const size = /\bsizeof\s*\(\s*(\w+)\s*\)/.exec(expr);
  if (size) return { kind: 'sizeof', type: size[1], file: '' };
  let out = expr.replace(CASTS, ' ');
  for (let guard = 0; guard < 50; guard++) {
    const call = /\b([A-Za-z_]\w*)\s*\(([^()]*)\)/.exec(out);
    const id = call && defs.get(call[1])?.params ? call : null;
    if (id) {
      const d = defs.get(id[1])!;
      const args = id[2].split(',').map((a) => a.trim());
      let body = d.body;
      d.params!.forEach((p, i) => (body = body.replace(new RegExp(String.raw`\b${p}\b`, 'g'), args[i] ?? '')));
      out = out.slice(0, id.index) + `(${body})` + out.slice(id.index + id[0].length);
      continue;
    }
    const name = /\b([A-Za-z_]\w*)\b/.exec(out.replace(/\b0[xX][0-9a-fA-F]+[uUlL]*\b|\b\d+[uUlL]*\b/g, (s) => ' '.repeat(s.length)));
    if (!name) return out;
    const d = defs.get(name[1]);
    if (!d || d.params) return { kind: 'opaque', file: '' };
    const inner = expand(d.body, defs, depth + 1);
    if (typeof inner !== 'string') return inner;
    out = out.slice(0, name.index) + `(${inner})` + out.slice(name.index + name[1].length);
  }
  return { kind: 'opaque', file: '' };
}

/** Unsigned 32-bit evaluation of + - * | & ^ << >> ~ ( ) over integer literals. */
function evaluate(expr: string): number | undefined {
  const tokens = expr.match(/0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|<<|>>|[-+*|&^~()]/g);
  if (!tokens || tokens.join('') !== expr.replace(/\s+/g, '')) return undefined;
  let i = 0;
  const peek = () => tokens[i];
  const prec: Record<string, number> = { '|': 1, '^': 2, '&': 3, '<<': 4, '>>': 4, '+': 5, '-': 5, '*': 6 };
  const unary = (): number => {
    const t = tokens[i++];
    if (t === '(') {
      const v = binary(0);
      if (tokens[i++] !== ')') throw new Error('unbalanced');
      return v;
    }
    if (t === '~') return ~unary() >>> 0;
    if (t === '-') return -unary() >>> 0;
    if (t === '+') return unary();
    if (t === undefined) throw new Error('truncated');
    return Number(t.replace(/[uUlL]+$/, '')) >>> 0;
  };
  const binary = (min: number): number => {
    let left = unary();
    while (peek() !== undefined && prec[peek()] !== undefined && prec[peek()] > min) {
      const op = tokens[i++];
      const right = binary(prec[op]);
      switch (op) {
        case '|': left = (left | right) >>> 0; break;
        case '&': left = (left & right) >>> 0; break;
        case '^': left = (left ^ right) >>> 0; break;
        case '<<': left = (left << right) >>> 0; break;
        case '>>': left = left >>> right; break;
        case '+': left = (left + right) >>> 0; break;
        case '-': left = (left - right) >>> 0; break;
        case '*': left = Math.imul(left, right) >>> 0; break;
      }
    }
    return left;
  };
  try {
    const v = binary(0);
    return i === tokens.length ? v : undefined;
  } catch {
    return undefined;
  }
}

export function resolve(name: string, defs: ReadonlyMap<string, Define>): Resolved {
  const d = defs.get(name);
  if (!d || d.params) return { kind: 'missing' };
  const expanded = expand(d.body, defs, 0);
  if (typeof expanded !== 'string') return expanded.kind === 'missing' ? expanded : { ...expanded, file: d.file };
  const value = evaluate(expanded);
  return value === undefined ? { kind: 'opaque', file: d.file } : { kind: 'value', value, file: d.file };
}
