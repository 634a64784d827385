// Everything that comes from a Dockerfile or a build log is untrusted text: it must not open HTML,
// break a table, or @mention people when it lands in a PR comment.

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => HTML[c] ?? c);
}

/**
 * GitHub still parses markdown inside inline `<code>`: `[text](url)` becomes a link, `![](…)` an
 * image, `#12` a reference. Every character that can start such a construct becomes an entity.
 */
const CODE_ENTITIES: Record<string, string> = {
  "|": "&#124;",
  "@": "&#64;",
  "[": "&#91;",
  "]": "&#93;",
  "(": "&#40;",
  ")": "&#41;",
  "!": "&#33;",
  "*": "&#42;",
  _: "&#95;",
  "~": "&#126;",
  "`": "&#96;",
  "#": "&#35;",
  "\\": "&#92;",
  ":": "&#58;",
};

/** Inline code that is safe inside a table cell and inert as markdown: HTML `<code>` with entities. */
export function mdCode(s: string): string {
  const body = escapeHtml(s)
    .replace(/\r?\n/g, " ")
    .replace(/[|@[\]()!*_~`#\\:]/g, (c) => CODE_ENTITIES[c] ?? c);
  return `<code>${body}</code>`;
}

/** Plain text: markdown punctuation escaped, mentions and references defused, one line. */
export function mdText(s: string): string {
  return escapeHtml(s)
    .replace(/\r?\n/g, " ")
    .replace(/([\\`*_[\]{}~|!])/g, "\\$1")
    .replace(/@/g, "@\u200b")
    .replace(/(^|\s)#(\d)/g, "$1#\u200b$2");
}

/** Text whose `backticked` parts are code (as rule messages write them): each part escaped its own way. */
export function mdInline(s: string): string {
  return s
    .split(/(`[^`\n]+`)/)
    .map((part) =>
      part.length > 2 && part.startsWith("`") && part.endsWith("`")
        ? mdCode(part.slice(1, -1))
        : mdText(part),
    )
    .join("");
}
