// Text from file names, Dockerfiles, build logs and other people's reports is untrusted: on a
// terminal it must not move the cursor or set a hyperlink (ESC/OSC), and in an Action's log it
// must not become a workflow command (`::error …`, `##[…]`), which the runner reads from any
// stdout line that starts with `::` once trimmed
// (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands).
import { createHash } from "node:crypto";

// CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), other two-byte ESC sequences, C0 controls
// but tab and newline, DEL, C1 controls, and the bidi overrides that reorder text on screen.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal escape sequences and control characters; keeps `\n` and `\t`. A lone `\r` becomes `\n`. */
export function stripControl(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(ESCAPES, "").replace(CONTROLS, "");
}

/** One line for a single-line field: control characters removed, line breaks shown as `\n`. */
export function oneLine(text: string): string {
  return stripControl(text).replace(/\n/g, "\\n");
}

/**
 * Text the runner will not read as a workflow command: a line that starts with `::` (after
 * whitespace, which the runner trims) or contains the legacy `##[` gets a zero-width space
 * between the two characters, so it prints the same and means nothing.
 */
export function escapeWorkflowCommands(text: string): string {
  return text.replace(/^(\s*):(?=:)/gm, "$1:\u200b").replace(/##\[/g, "#\u200b#[");
}

/** At most `max` characters (UTF-16 units, never splitting a surrogate pair), with a note of how much was cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = ` … (${text.length - max} more characters cut)`;
  return cutAtCodePoint(text, Math.max(0, max - note.length)) + note;
}

/** The longest prefix of `text` whose UTF-8 encoding is at most `maxBytes`, cut between code points. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the code point that does not fit.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/** The first `n` UTF-16 units of `text`, one fewer when that would split a surrogate pair. */
export function cutAtCodePoint(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, n - 1) : text.slice(0, n);
}

/** Longest file name made from an untrusted id (NAME_MAX is 255 bytes on common file systems). */
export const MAX_FILE_NAME = 64;

/**
 * A file name for an id that may come from someone else's report: only `[A-Za-z0-9._-]`, never
 * `.` or `..`, and a long id becomes a prefix plus a hash of the whole, so two long ids that
 * share a prefix still get different names (and ENAMETOOLONG cannot happen).
 */
export function safeFileName(id: string): string {
  const slug = id.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+$/, "default") || "default";
  if (slug.length <= MAX_FILE_NAME) return slug;
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 16);
  return `${slug.slice(0, MAX_FILE_NAME - hash.length - 1)}-${hash}`;
}
