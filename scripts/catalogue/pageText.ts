// Plain text of one ndis-status-docs page: front matter, markdown emphasis,
// escapes and link targets removed, split into the sections the catalogue
// reads. Link targets are kept aside (structure name -> DDI page path).

export interface PageText {
  /** The title from the front matter (the code's name). */
  title: string;
  /** Everything before "## Requirements", as plain text (one line per source line). */
  body: string;
  /** Sentences of the body, whitespace collapsed. */
  sentences: string[];
  /** Label -> value of the Requirements section (table, markdown table or "**Label**: value" lines). */
  requirements: Map<string, string>;
  /** The "## Payload data" section of WDI pages, raw markdown lines. */
  payload: string[];
  /** Structure names linked to DDI reference pages -> content path under wdk-ddi-src/content. */
  ddiLinks: Map<string, string>;
}

/** Markdown inline text -> plain text. */
export function plain(md: string): string {
  return md
    .replace(/<a [^>]*>(.*?)<\/a>/g, '$1')
    .replace(/<\/?(p|b|strong|em|i|code|br|div|td|tr)[^>]*>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([_*<>\\])/g, '$1')
    .replace(/\*\*|`/g, '')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1$2')
    .replace(/&nbsp;|&#160;|\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function frontMatter(src: string): { title: string; rest: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(src);
  if (!m) throw new Error('page has no front matter');
  const title = /^title:\s*(.+?)\s*$/m.exec(m[1])?.[1];
  if (!title) throw new Error('page front matter has no title');
  return { title, rest: src.slice(m[0].length) };
}

function section(lines: string[], heading: RegExp): string[] {
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

function requirementRows(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const html = lines.join(' ');
  for (const m of html.matchAll(/<td>\s*(?:<p>)?([^<]+?)(?:<\/p>)?\s*<\/td>\s*<td>([\s\S]*?)<\/td>/g)) {
    out.set(plain(m[1]), plain(m[2]));
  }
  for (const l of lines) {
    const row = /^\|([^|]+)\|([^|]+)\|\s*$/.exec(l);
    if (row && !/^-+$/.test(row[1].trim()) && row[1].trim() !== 'Requirement') out.set(plain(row[1]), plain(row[2]));
    const bold = /^\*\*([^*]+)\*\*:\s*(.+)$/.exec(l.trim());
    if (bold) out.set(plain(bold[1]), plain(bold[2]));
  }
  return out;
}

/** Sentences of the body: lines are grouped into blocks (a blank line, a list
 *  item or a table row starts a new block), blocks are split after a full stop. */
function sentencesOf(lines: string[]): string[] {
  const blocks: string[] = [];
  let cur: string[] = [];
  const flush = () => {
    if (cur.length) blocks.push(cur.join(' '));
    cur = [];
  };
  for (const raw of lines) {
    const t = raw.trim();
    if (!t || /^(-|\d+\.|\*|>|\|)\s/.test(t) || t.startsWith('|')) flush();
    const l = plain(t.replace(/^(-|\d+\.|\*|>)\s+/, ''));
    if (l) cur.push(l);
  }
  flush();
  return blocks
    .flatMap((b) => b.split(/(?<=[a-z0-9)\]])\.\s+(?=[A-Z])/))
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

export function readPageText(src: string): PageText {
  const { title, rest } = frontMatter(src.replace(/\r\n?/g, '\n'));
  const lines = rest.split('\n');
  const reqAt = lines.findIndex((l) => /^##\s+Requirements/.test(l));
  let fenced = false;
  const bodyLines = (reqAt < 0 ? lines : lines.slice(0, reqAt)).filter((l) => {
    if (/^\s*```/.test(l)) fenced = !fenced;
    else if (!fenced) return !/^#\s/.test(l) && !/^\[!INCLUDE/.test(l);
    return false;
  });
  const ddiLinks = new Map<string, string>();
  for (const m of rest.matchAll(/\[\*{0,2}([A-Z][A-Za-z0-9_\\]+?)\*{0,2}\]\(\/windows-hardware\/drivers\/ddi\/([a-z0-9_]+)\/(ns-[a-z0-9_-]+)\)/g)) {
    const name = m[1].replace(/\\/g, '');
    if (!ddiLinks.has(name)) ddiLinks.set(name, `${m[2]}/${m[3]}.md`);
  }
  return {
    title,
    body: bodyLines.map(plain).join('\n'),
    sentences: sentencesOf(bodyLines),
    requirements: requirementRows(reqAt < 0 ? [] : section(lines, /^##\s+Requirements/)),
    payload: section(lines, /^##\s+Payload data/),
    ddiLinks,
  };
}
