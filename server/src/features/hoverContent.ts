// Placeholder until the hover content lands.
export function hoverMarkdown(_word: string): string | undefined {
  return undefined;
}
