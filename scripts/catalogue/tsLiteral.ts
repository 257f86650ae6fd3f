// TypeScript source for plain data: single-quoted strings, unquoted keys where
// possible, numbers named `value` in hex. Used by the catalogue generators so
// that the files they write read like the rest of the code base.

const KEY = /^[A-Za-z_$][\w$]*$/;

function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** One-line literal of a JSON-like value. */
export function lit(v: unknown, key?: string): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number') return key === 'value' && Number.isInteger(v) && v > 9 ? `0x${v.toString(16)}` : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => lit(x)).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([k, x]) => x !== undefined || k === 'value');
  if (!entries.length) return '{}';
  return `{ ${entries.map(([k, x]) => `${KEY.test(k) ? k : str(k)}: ${lit(x, k)}`).join(', ')} }`;
}

/** A property line `key: literal,` at the given indent. */
export function prop(indent: string, key: string, v: unknown): string {
  return `${indent}${KEY.test(key) ? key : str(key)}: ${lit(v, key)},`;
}
