// A small JSON parser that remembers where every value sits, so a validation
// message can name the 1-based line of a field. JSON.parse cannot do that and we
// add no dependency for it. Duplicate keys are reported (JSON.parse keeps the last).
// Objects are built without a prototype, so `__proto__`, `constructor` or
// `toString` are keys like any other; nesting is limited so a deep file gives a
// message with its line instead of exhausting the stack.

export interface Located {
  value: unknown;
  /** JSON pointer ("" for the root, "/events/2/kind") -> 1-based line of the value. */
  lines: Map<string, number>;
  /** JSON pointer of a property -> 1-based line of its key. */
  keyLines: Map<string, number>;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly pointer: string) {
    super(message);
  }
}

/** An array longer than the caller allows; thrown at the array's first line, before reading the rest. */
export class JsonTooManyItemsError extends JsonSyntaxError {
  constructor(readonly maxItems: number, line: number, pointer: string) {
    super(`has more than ${maxItems} items`, line, pointer);
  }
}

/** Deeper than any scenario needs (an event's capabilities sit at depth 4), far below the stack's limit. */
export const MAX_JSON_DEPTH = 64;

/** Simple string escapes (a Map: no inherited keys). */
const ESCAPES = new Map([['"', '"'], ['\\', '\\'], ['/', '/'], ['b', '\b'], ['f', '\f'], ['n', '\n'], ['r', '\r'], ['t', '\t']]);

export function pointerChild(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** "/events/2/reason" -> "events[2].reason", the way a user reads a field. */
export function fieldName(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

export function parseLocated(text: string, maxItems = Infinity): Located {
  const lines = new Map<string, number>();
  const keyLines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;

  const fail = (msg: string, pointer: string): never => {
    throw new JsonSyntaxError(msg, line, pointer);
  };
  const ws = (): void => {
    while (i < src.length) {
      const c = src[i];
      if (c === '\n') line += 1;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
      i += 1;
    }
  };
  const str = (pointer: string): string => {
    i += 1; // opening quote
    // Fast path: no escape and no line break before the closing quote.
    const close = src.indexOf('"', i);
    if (close >= 0) {
      const plain = src.slice(i, close);
      if (!plain.includes('\\') && !plain.includes('\n')) {
        i = close + 1;
        return plain;
      }
    }
    let out = '';
    while (i < src.length) {
      const c = src[i];
      if (c === '"') {
        i += 1;
        return out;
      }
      if (c === '\n') fail('unterminated string', pointer);
      if (c === '\\') {
        const simple = ESCAPES.get(src[i + 1]);
        if (simple !== undefined) {
          out += simple;
          i += 2;
        } else if (src[i + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('invalid escape in string', pointer);
        continue;
      }
      out += c;
      i += 1;
    }
    return fail('unterminated string', pointer);
  };
  const value = (pointer: string, depth: number): unknown => {
    ws();
    lines.set(pointer, line);
    const c = src[i];
    if ((c === '{' || c === '[') && depth >= MAX_JSON_DEPTH) fail(`nested deeper than ${MAX_JSON_DEPTH} levels`, pointer);
    if (c === '{') {
      i += 1;
      const obj = Object.create(null) as Record<string, unknown>;
      ws();
      if (src[i] === '}') {
        i += 1;
        return obj;
      }
      for (;;) {
        ws();
        if (src[i] !== '"') fail('expected a property name in double quotes', pointer);
        const keyLine = line;
        const key = str(pointer);
        const child = pointerChild(pointer, key);
        if (Object.hasOwn(obj, key)) fail(`duplicate key "${key}"`, child);
        keyLines.set(child, keyLine);
        ws();
        if (src[i] !== ':') fail(`expected ':' after "${key}"`, child);
        i += 1;
        obj[key] = value(child, depth + 1);
        ws();
        if (src[i] === ',') {
          i += 1;
          continue;
        }
        if (src[i] === '}') {
          i += 1;
          return obj;
        }
        fail("expected ',' or '}'", pointer);
      }
    }
    if (c === '[') {
      i += 1;
      const arr: unknown[] = [];
      ws();
      if (src[i] === ']') {
        i += 1;
        return arr;
      }
      const arrayLine = lines.get(pointer) ?? line;
      for (;;) {
        if (arr.length >= maxItems) throw new JsonTooManyItemsError(maxItems, arrayLine, pointer);
        arr.push(value(pointerChild(pointer, arr.length), depth + 1));
        ws();
        if (src[i] === ',') {
          i += 1;
          continue;
        }
        if (src[i] === ']') {
          i += 1;
          return arr;
        }
        fail("expected ',' or ']'", pointer);
      }
    }
    if (c === '"') return str(pointer);
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(src.slice(i, i + 64));
    if (!m) return fail(i >= src.length ? 'unexpected end of file' : `unexpected character '${c}'`, pointer);
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
  };

  const v = value('', 0);
  ws();
  if (i < src.length) fail('unexpected text after the JSON value', '');
  return { value: v, lines, keyLines };
}
