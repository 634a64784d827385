// One entry point for any progress log: the format is decided by the first line that belongs to the
// progress stream itself.
import { cleanLine } from "./lines.js";
import type { BuildTrace, ProgressParser } from "./model.js";
import { createPlainParser } from "./plain.js";
import { createRawjsonParser } from "./rawjson.js";

/** Lines held back while the format is unknown; past this many, the log is taken as plain. */
const MAX_UNDECIDED_LINES = 100;

/**
 * `{` after ANSI and a CI timestamp → rawjson; `#` → plain; null while a line says nothing about the
 * format (blank, or a client message such as the `WARNING: No output specified with docker-container
 * driver…` that buildx logs *before* the progress stream starts).
 */
export function detectFormat(line: string): "plain" | "rawjson" | null {
  const text = cleanLine(line).trim();
  if (text.startsWith("{")) return "rawjson";
  if (text.startsWith("#")) return "plain";
  return null;
}

/** A parser that picks plain or rawjson on the first progress line and replays what came before it. */
export function createProgressParser(): ProgressParser {
  let inner: ProgressParser | null = null;
  let held: string[] = [];

  function decide(format: "plain" | "rawjson"): ProgressParser {
    const parser = format === "rawjson" ? createRawjsonParser() : createPlainParser();
    for (const l of held) parser.line(l);
    held = [];
    return parser;
  }

  const self: ProgressParser = {
    line(text: string): void {
      const format = detectFormat(text) ?? (held.length >= MAX_UNDECIDED_LINES ? "plain" : null);
      if (format === null) {
        held.push(text);
        return;
      }
      inner = decide(format);
      // Every later line goes straight to the chosen parser: one call less per line.
      self.line = inner.line;
      inner.line(text);
    },
    result(): BuildTrace {
      if (inner !== null) return inner.result();
      // Nothing but client messages so far (a build that failed before its first step).
      const plain = createPlainParser();
      for (const l of held) plain.line(l);
      return plain.result();
    },
  };
  return self;
}

/** Parses a whole log held in memory (tests, small inputs). */
export function parseProgressText(text: string): BuildTrace {
  const parser = createProgressParser();
  for (const line of text.split("\n")) parser.line(line);
  return parser.result();
}

/** Parses a stream of lines (e.g. `readline` over a file or a child's stderr) in flat memory. */
export async function parseProgressLines(lines: AsyncIterable<string>): Promise<BuildTrace> {
  const parser = createProgressParser();
  for await (const line of lines) parser.line(line);
  return parser.result();
}
