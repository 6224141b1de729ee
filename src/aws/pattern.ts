/** `text` as a regular expression source that matches it literally (for patterns built from a fact's text). */
export function literalSource(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}
