// The Header member of a structure page in MicrosoftDocs/windows-driver-docs-ddi:
// which NDIS_OBJECT_TYPE_* the Type gets, and each documented Revision with its
// Size (an NDIS_SIZEOF_* name or sizeof(type)) and, when the page says, the NDIS
// version or Windows release that introduced it. Used only by collectHeaderFacts.ts.

export interface DdiRevision {
  revision: string;
  size: string;
  /** NDIS version ('6.30') or Windows release text the page ties to the revision. */
  since?: string;
}

export interface DdiHeaderFacts {
  type?: string;
  revisions: DdiRevision[];
  /** The page has a Header member (the structure is an NDIS object). */
  hasHeader: boolean;
}

function flatten(md: string): string {
  return md
    .replace(/<[^>]+>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\_/g, '_')
    .replace(/\*\*|`/g, '')
    .replace(/(?<=[A-Z0-9]_) +(?=[A-Z0-9])/g, '')
    .replace(/(?<=[A-Z0-9]) +(?=_[A-Z0-9])/g, '')
    .replace(/\s+/g, ' ');
}

const TOKEN = /\b(?<size>(?:NDIS_)?SIZEOF_[A-Z0-9_]+)\b|\bsizeof\s*\(\s*(?<sizeofType>[A-Z_][A-Z0-9_]*)\s*\)|\b(?<type>NDIS_OBJECT_TYPE_[A-Z0-9_]+)\b|\b(?<revision>[A-Z][A-Z0-9_]*_REVISION_\d+)\b/g;

/** The NDIS version (or Windows release) a span of text ties a revision to. */
function sinceIn(span: string): string | undefined {
  return /NDIS (\d\.\d+)/.exec(span)?.[1] ?? /(Windows (?:\d+(?:\.\d)?)(?:, version \w+)?)/.exec(span)?.[1];
}

export function readDdiHeader(page: string): DdiHeaderFacts {
  const m = /### -field Header\s*([\s\S]*?)(?=\n### -field|\n## -)/.exec(page);
  if (!m) return { hasHeader: false, revisions: [] };
  const text = flatten(m[1]);
  const tokens = [...text.matchAll(TOKEN)];
  let type: string | undefined;
  const revisions: DdiRevision[] = [];
  const sizes: string[] = [];
  tokens.forEach((t, k) => {
    const g = t.groups!;
    if (g.type) {
      type ??= g.type;
      return;
    }
    if (g.size || g.sizeofType) {
      const size = g.size ?? `sizeof(${g.sizeofType})`;
      sizes.push(size);
      const open = revisions.find((r) => !r.size);
      if (open) open.size = size;
      return;
    }
    if (revisions.some((r) => r.revision === g.revision)) return;
    // "... drivers should set this to X_REVISION_2": the release is named before the
    // name; "#### X_REVISION_2 Added ... for NDIS 6.30": after it.
    const prevEnd = k > 0 ? tokens[k - 1].index + tokens[k - 1][0].length : 0;
    const before = text.slice(prevEnd, t.index);
    const nextAt = tokens.slice(k + 1).find((n) => n.groups!.revision)?.index ?? text.length;
    const after = text.slice(t.index + t[0].length, nextAt);
    const since = /set this to\s*$/.test(before) ? sinceIn(before) : sinceIn(after);
    revisions.push({ revision: g.revision, size: '', ...(since ? { since } : {}) });
  });
  // A table that gives one "sizeof(T)" for every revision.
  const distinct = [...new Set(sizes)];
  if (distinct.length === 1) for (const r of revisions) r.size ||= distinct[0];
  const order = (r: DdiRevision) => Number(/_(\d+)$/.exec(r.revision)?.[1] ?? 0);
  revisions.sort((a, b) => order(a) - order(b));
  return { type, revisions, hasHeader: true };
}
