// One entry point for any progress log: the format is decided by its first non-empty line.
import { cleanLine } from "./lines.js";
import type { BuildTrace, ProgressParser } from "./model.js";
import { createPlainParser } from "./plain.js";
import { createRawjsonParser } from "./rawjson.js";

/** `{` (or `[`) after ANSI and a CI timestamp → rawjson; anything else → plain. */
export function detectFormat(line: string): "plain" | "rawjson" | null {
  const text = cleanLine(line).trim();
  if (text === "") return null;
  return text.startsWith("{") || text.startsWith("[") ? "rawjson" : "plain";
}

/** A parser that picks plain or rawjson on the first non-empty line it is fed. */
export function createProgressParser(): ProgressParser {
  let inner: ProgressParser | null = null;
  return {
    line(text: string): void {
      if (inner === null) {
        const format = detectFormat(text);
        if (format === null) return;
        inner = format === "rawjson" ? createRawjsonParser() : createPlainParser();
      }
      inner.line(text);
    },
    result(): BuildTrace {
      return inner === null ? emptyTrace() : inner.result();
    },
  };
}

function emptyTrace(): BuildTrace {
  return { format: "plain", steps: [], imageId: null, warnings: [], errors: [] };
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
