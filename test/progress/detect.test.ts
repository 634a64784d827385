import { describe, expect, it } from "vitest";
import {
  createProgressParser,
  detectFormat,
  LOG_TAIL_LINES,
  parseProgressLines,
  parseProgressText,
} from "../../src/progress/index.js";
import { MAX_KEPT_CHARS, MAX_MESSAGES } from "../../src/progress/lines.js";

describe("detectFormat", () => {
  it.each([
    { case: "plain header", line: "#1 [internal] load build definition from Dockerfile", want: "plain" },
    {
      case: "buildx description",
      line: '#0 building with "default" instance using docker driver',
      want: "plain",
    },
    { case: "indented rawjson opening", line: "{", want: "rawjson" },
    { case: "compact rawjson", line: '{"vertexes":[]}', want: "rawjson" },
    { case: "rawjson after a CI timestamp", line: "2024-05-01T10:00:00.1234567Z {", want: "rawjson" },
    { case: "rawjson after ANSI", line: "\x1b[0m{", want: "rawjson" },
    {
      case: "a client message",
      line: "WARNING: No output specified with docker-container driver.",
      want: null,
    },
    { case: "an error", line: "ERROR: failed to solve: x", want: null },
    { case: "blank", line: "   ", want: null },
    { case: "timestamp only (blank line in a CI log)", line: "2024-05-01T10:00:00.1234567Z ", want: null },
  ])("$case", ({ line, want }) => {
    expect(detectFormat(line)).toBe(want);
  });
});

describe("createProgressParser", () => {
  it("decides on the first non-empty line and hands that line over", () => {
    const t = parseProgressText(
      '\n\n{"vertexes":[{"digest":"sha256:a","name":"x","started":"2024-01-01T00:00:00Z"}]}\n',
    );
    expect(t.format).toBe("rawjson");
    expect(t.steps.map((s) => s.name)).toEqual(["x"]);
  });

  it("client messages before the stream are replayed into the chosen parser", () => {
    const t = parseProgressText(
      [
        "WARNING: No output specified with docker-container driver. Build result will only remain in the build cache.",
        '{"vertexes":[{"digest":"sha256:a","name":"x","started":"2024-01-01T00:00:00Z"}]}',
      ].join("\n"),
    );
    expect(t.format).toBe("rawjson");
    expect(t.warnings).toEqual([
      "No output specified with docker-container driver. Build result will only remain in the build cache.",
    ]);
    expect(t.steps).toHaveLength(1);
  });

  it("a build that fails before any step still reports its error", () => {
    const t = parseProgressText(
      "ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n",
    );
    expect(t).toMatchObject({
      format: "plain",
      steps: [],
      errors: [expect.stringMatching(/^failed to solve: failed to read dockerfile/)],
    });
  });

  it("empty input is an empty plain trace", () => {
    expect(createProgressParser().result()).toEqual({
      format: "plain",
      steps: [],
      imageId: null,
      contextBytes: null,
      warnings: [],
      errors: [],
    });
  });

  it("result() can be called while feeding and returns copies", () => {
    const p = createProgressParser();
    p.line("#1 [1/1] RUN a");
    const first = p.result();
    first.steps[0]?.logTail.push("tampered");
    p.line("#1 DONE 1.0s");
    expect(first.steps[0]?.status).toBe("running");
    expect(p.result().steps[0]).toMatchObject({ status: "done", logTail: [] });
  });

  it("parseProgressLines reads an async stream", async () => {
    async function* lines() {
      yield "#1 [1/1] RUN a";
      yield "#1 DONE 0.5s";
    }
    expect((await parseProgressLines(lines())).steps[0]).toMatchObject({ status: "done", seconds: 0.5 });
  });
});

// Flat memory: only the number of distinct steps may grow. Every per-step and per-build list is
// capped, and so is the text kept from any one line.
describe("bounded state", () => {
  it("plain: 100 000 log lines and huge lines keep a bounded tail", () => {
    const p = createProgressParser();
    p.line("#1 [1/1] RUN a");
    for (let i = 0; i < 100_000; i++) p.line(`#1 1.000 ${i % 1000 === 0 ? "x".repeat(50_000) : `line ${i}`}`);
    for (let i = 0; i < 1000; i++) p.line(`#1 WARN: warning ${i}`);
    for (let i = 0; i < 1000; i++) p.line(`ERROR: failed ${i}`);
    const t = p.result();
    const step = t.steps[0];
    expect(step?.logTail).toHaveLength(LOG_TAIL_LINES);
    expect(step?.warnings).toHaveLength(MAX_MESSAGES);
    expect(t.errors).toHaveLength(MAX_MESSAGES);
    p.line(`#1 1.000 ${"y".repeat(50_000)}`);
    expect(p.result().steps[0]?.logTail.at(-1)?.length).toBe(MAX_KEPT_CHARS + 1);
  });

  it("rawjson: output without a newline is capped", () => {
    const p = createProgressParser();
    const data = Buffer.from("z".repeat(10_000)).toString("base64");
    p.line('{"vertexes":[{"digest":"sha256:a","name":"x","started":"2024-01-01T00:00:00Z"}]}');
    for (let i = 0; i < 200; i++)
      p.line(JSON.stringify({ logs: [{ vertex: "sha256:a", data, timestamp: "2024-01-01T00:00:01Z" }] }));
    expect(p.result().steps[0]?.logTail).toEqual(["z".repeat(MAX_KEPT_CHARS)]);
  });
});
