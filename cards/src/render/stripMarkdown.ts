/**
 * Turns the markdown-lite of `Card.text` into plain text for slots that show no markup (WeCom template
 * card text fields). Markdown-lite is: paragraphs and line breaks, `**bold**`, `*em*`, `` `code` ``,
 * `[label](url)`, `- ` / `1. ` list items, `#` headings and `>` quotes.
 */
export function stripMarkdownLite(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\[([^\]]*)\]\((?:[^)\s]+)\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '· ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
