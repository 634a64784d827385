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

  const recorded: BuildError = {
    ...error,
    line: 5,
    endLine: 7,
    source: "record",
    record: {
      message: "exit code: 2",
      file: "Dockerfile",
      line: 5,
      endLine: 7,
      step: "[4/4] RUN make",
      exitCode: 2,
      logTail: [],
      disagreements: ["exit code: the log says 1, the record 2"],
    },
  };

  it("terminal: where the engine's record gave the location, it says so, and where the log disagrees", () => {
    expect(renderFailureTerminal({ ...recorded, logTail: [] }).split("\n")).toEqual([
      error.message,
      "(where it failed: from BuildKit's build record of the build)",
      "BuildKit's build record and the build log disagree: exit code: the log says 1, the record 2",
    ]);
  });

  it("markdown: the instruction's line range, the record as the source, the disagreement", () => {
    const md = renderFailureMarkdown(error.message, {
      build: { context: "." },
      error: recorded,
    } as FailedReport);
    expect(md).toContain("(Dockerfile lines 5-7) with exit code 2.");
    expect(md).toContain("<sub>(where it failed: from BuildKit's build record of the build)</sub>");
    expect(md).toContain(
      "⚠️ BuildKit's build record and the build log disagree: exit code: the log says 1, the record 2",
    );
  });

  it("markdown: an error that is not a build's: the message alone", () => {
    expect(renderFailureMarkdown('max-image-size: cannot read "x"', null)).toContain(
      "❌ max-image-size: cannot read &quot;x&quot;",
    );
  });
});
