/**
 * Text from users, customers and other systems, made into Teams card markdown that reads as the text
 * itself. Teams renders a markdown subset in TextBlocks, facts and bot messages (bold, italics,
 * lists, links), so a contact named "[x](https://phish)" would show as a link to the phishing site.
 * CommonMark's backslash escapes, only on what could start markup, so most text passes unchanged.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>~]/g, '\\$&') // emphasis, code, links, mentions (<at>), quotes, strikethrough
    .replace(/&(?=#?\w+;)/g, '\\&') // an entity ("&lt;") would show as the character it names
    .replace(/^([ \t]*)(#+|[-+=]+)(?=[ \t]|$)/gm, (_, indent: string, marker: string) => indent + marker.replace(/./g, '\\$&')) // headings, bullets, underlines
    .replace(/^([ \t]*\d{1,9})([.)])(?=[ \t]|$)/gm, '$1\\$2'); // numbered lists
}
