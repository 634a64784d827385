import { describe, expect, it } from "vitest";
import { mdFence, renderFailureMarkdown, renderFailureTerminal } from "../../src/report/failure.js";
import type { BuildError, FailedReport } from "../../src/report/schema.js";

const error: BuildError = {
  phase: "cold",
  step: "[4/4] RUN make",
  line: 5,
  exitCode: 2,
  message: 'cold build failed at step "[4/4] RUN make" (Dockerfile line 5) with exit code 2: exit code: 2',
  logTail: ["cc -c main.c", "main.c:3: error: missing semicolon", "```", "@team ::error::x"],
};

describe("failure rendering", () => {
  it("terminal: the message, then the step's last lines marked", () => {
    expect(renderFailureTerminal(error).split("\n")).toEqual([
      error.message,
      "last 4 lines of the step's output:",
      "  | cc -c main.c",
      "  | main.c:3: error: missing semicolon",
      "  | ```",
      "  | @team ::error::x",
    ]);
  });

  it("terminal: no output, no tail section", () => {
    expect(renderFailureTerminal({ ...error, logTail: [] })).toBe(error.message);
  });

  it.each([
    { name: "no backticks", lines: ["a"], fence: "```" },
    { name: "a triple backtick line", lines: ["```", "x"], fence: "````" },
    { name: "a run of five", lines: ["a `````b"], fence: "``````" },
  ])("mdFence: $name → a fence no line can close", ({ lines, fence }) => {
    const out = mdFence(lines).split("\n");
    expect(out[0]).toBe(`${fence}text`);
    expect(out.at(-1)).toBe(fence);
  });

  it("markdown: step, line, exit code, and the log tail in a fence it cannot break", () => {
    const partial = { build: { context: "." }, error } as FailedReport;
    const md = renderFailureMarkdown(error.message, partial);
    expect(md).toContain(
      "❌ The **cold build failed** at <code>&#91;4/4&#93; RUN make</code> (Dockerfile line 5) with exit code 2.",
    );
    expect(md).toContain(
      "````text\ncc -c main.c\nmain.c:3: error: missing semicolon\n```\n@team ::error::x\n````",
    );
  });

  it("markdown: an error that is not a build's: the message alone", () => {
    expect(renderFailureMarkdown('max-image-size: cannot read "x"', null)).toContain(
      "❌ max-image-size: cannot read &quot;x&quot;",
    );
  });
});
