// The indented layout of buildx 0.12–0.14 is read line-wise (from a `{` line to a `}` line); any
// line that does not fit that layout falls back to the character scan without losing values.
import { describe, expect, it } from "vitest";
import { createJsonStream } from "../../src/progress/json-stream.js";

function values(lines: string[]) {
  const got: unknown[] = [];
  const text: string[] = [];
  const s = createJsonStream({ value: (v) => got.push(v), text: (l) => text.push(l) });
  for (const l of lines) s.line(l);
  return { got, text };
}

describe("json stream, indented values", () => {
  it.each([
    {
      case: "nested braces at deeper indents do not end the value",
      lines: ["{", '  "a": {', '    "b": [', "      {}", "    ]", "  }", "}", "{", '  "c": 1', "}"],
      want: [{ a: { b: [{}] } }, { c: 1 }],
    },
    {
      case: "a string holding `}` and newlines (escaped) stays inside",
      lines: ["{", '  "a": "}\\n}"', "}"],
      want: [{ a: "}\n}" }],
    },
    {
      case: "`{` alone then a compact rest: read by the scan",
      lines: ["{", '"a":1}{"b":2}'],
      want: [{ a: 1 }, { b: 2 }],
    },
    {
      case: "a value cut short, then the next value: the broken one is skipped",
      lines: ["{", '  "a": [', "{", '  "b": 2', "}"],
      want: [{ b: 2 }],
    },
  ])("$case", ({ lines, want }) => {
    expect(values(lines).got).toEqual(want);
  });

  it("an error line after a complete value is text", () => {
    const { got, text } = values(["{", '  "a": 1', "}", "ERROR: failed to solve: x"]);
    expect(got).toEqual([{ a: 1 }]);
    expect(text).toEqual(["ERROR: failed to solve: x"]);
  });
});
