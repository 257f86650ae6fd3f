// How a hover is put together and rendered as markdown: shared by the status-code
// hovers (statusHover.ts) and the other offload symbols (hoverText.ts). No LSP types.
import { RULE_BY_ID } from '../rules/registry';

/** What one hover explains, before it is rendered. */
export interface Explanation {
  /** A short label after the name: "chimney status indication", "TCP_UPLOAD_REASON", ... */
  label: string;
  value?: number;
  meaning: string;
  /** When (and how) an offload target may use it. */
  when?: string;
  /** What the host stack (or NDIS) does next. */
  next?: string;
  /** Titled paragraphs (`**Title.** text`), after `when` and `next`. */
  sections?: [string, string][];
  /** Extra notes, one paragraph each. */
  notes?: string[];
  rules: string[];
}

/** `0x4002000B` for status codes (8 digits), `0x3` for enumerators. */
export function hex(value: number, digits = 1): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(digits, '0')}`;
}

export function render(name: string, e: Explanation, valueDigits: number): string {
  const head = [`**\`${name}\`**`, e.label];
  if (e.value !== undefined) {
    head.push(valueDigits === 8 ? `value \`${hex(e.value, 8)}\`` : `value \`${hex(e.value)}\` (${e.value})`);
  }
  const parts = [head.join(' · '), e.meaning];
  if (e.when) parts.push(`**When a target may use it.** ${e.when}`);
  if (e.next) parts.push(`**What the host stack does next.** ${e.next}`);
  for (const [title, text] of e.sections ?? []) parts.push(`**${title}.** ${text}`);
  for (const n of e.notes ?? []) parts.push(n);
  const rules = e.rules.filter((id) => RULE_BY_ID.has(id));
  if (rules.length) {
    parts.push(['**Related rules**', ...rules.map((id) => `- \`${id}\`: ${RULE_BY_ID.get(id)!.title}`)].join('\n'));
  }
  return parts.join('\n\n');
}
