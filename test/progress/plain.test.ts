// Small hand-made logs, one per plain-format variant. Shapes follow the captured fixtures where this
// machine can produce them (see fixtures.test.ts); the exotic ones (CI timestamps, masking, ≤ 0.4
// field lines, bake/platform prefixes, warning summaries) are written from the research note §1.
import { describe, expect, it } from "vitest";
import { LOG_TAIL_LINES } from "../../src/progress/index.js";
import { brief, D, parse, step } from "./plain-helpers.js";
import type { Brief } from "./plain-helpers.js";

describe("plain: block structure", () => {
  it.each<{ case: string; lines: string[]; want: Brief[] }>([
    {
      case: "Docker 20.10 digest line after every header, repeated header included",
      lines: [
        "#4 [1/6] FROM base",
        `#4 ${D("d")}`,
        "#4 DONE 0.0s",
        "",
        "#4 [1/6] FROM base",
        `#4 ${D("d")}`,
        "#4 CACHED",
      ],
      want: [{ key: "#4", name: "[1/6] FROM base", status: "cached", seconds: null }],
    },
    {
      case: "#0 description is not a step",
      lines: [
        '#0 building with "default" instance using docker driver',
        "",
        "#1 [internal] load .dockerignore",
        "#1 DONE 0.0s",
      ],
      want: [{ key: "#1", name: "[internal] load .dockerignore", status: "done", seconds: 0 }],
    },
    {
      case: "pause and resume under a repeated header",
      lines: [
        "#8 [4/6] RUN a",
        "#8 0.1 x",
        "#8 ...",
        "",
        "#9 [5/6] RUN b",
        "#9 DONE 0.2s",
        "",
        "#8 [4/6] RUN a",
        "#8 2.0 y",
        "#8 DONE 2.1s",
      ],
      want: [
        { key: "#8", name: "[4/6] RUN a", status: "done", seconds: 2.1 },
        { key: "#9", name: "[5/6] RUN b", status: "done", seconds: 0.2 },
      ],
    },
    {
      case: "DONE then CACHED: the last terminal line wins",
      lines: ["#4 [1/6] FROM base", "#4 DONE 0.3s", "", "#4 [1/6] FROM base", "#4 CACHED"],
      want: [{ key: "#4", name: "[1/6] FROM base", status: "cached", seconds: null }],
    },
    {
      case: "finished twice: seconds from the last DONE",
      lines: ["#3 [2/3] RUN a", "#3 DONE 1.0s", "", "#3 [2/3] RUN a", "#3 DONE 1.5s"],
      want: [{ key: "#3", name: "[2/3] RUN a", status: "done", seconds: 1.5 }],
    },
    {
      case: "announced twice with nothing between",
      lines: ["#2 [1/2] FROM x", "", "#2 [1/2] FROM x", "#2 DONE 0.1s"],
      want: [{ key: "#2", name: "[1/2] FROM x", status: "done", seconds: 0.1 }],
    },
    {
      case: "out-of-order numbers keep first-appearance order",
      lines: ["#6 [internal] load build context", "#6 DONE 0.0s", "", "#5 [2/6] WORKDIR /app", "#5 CACHED"],
      want: [
        { key: "#6", name: "[internal] load build context", status: "done", seconds: 0 },
        { key: "#5", name: "[2/6] WORKDIR /app", status: "cached", seconds: null },
      ],
    },
    {
      case: "no blank lines between blocks",
      lines: [
        "#1 [1/3] FROM x",
        "#1 DONE 0.1s",
        "#2 [2/3] RUN a",
        "#2 0.100 out",
        "#2 DONE 0.5s",
        "#1 [1/3] FROM x",
        "#1 CACHED",
      ],
      want: [
        { key: "#1", name: "[1/3] FROM x", status: "cached", seconds: null },
        { key: "#2", name: "[2/3] RUN a", status: "done", seconds: 0.5 },
      ],
    },
    {
      case: "DONE without the s unit",
      lines: ["#5 [2/2] RUN a", "#5 DONE 9.4"],
      want: [{ key: "#5", name: "[2/2] RUN a", status: "done", seconds: 9.4 }],
    },
    {
      case: "DONE with no time",
      lines: ["#5 [2/2] RUN a", "#5 DONE"],
      want: [{ key: "#5", name: "[2/2] RUN a", status: "done", seconds: null }],
    },
    {
      case: "no terminal line: running",
      lines: ["#7 [3/3] RUN sleep 100", "#7 0.2 still going"],
      want: [{ key: "#7", name: "[3/3] RUN sleep 100", status: "running", seconds: null }],
    },
    {
      case: "log starts mid-step: name unknown",
      lines: ["#7 0.123 foo", "#7 DONE 1.0s", "", "#8 [3/3] RUN b", "#8 DONE 0.1s"],
      want: [
        { key: "#7", name: null, status: "done", seconds: 1 },
        { key: "#8", name: "[3/3] RUN b", status: "done", seconds: 0.1 },
      ],
    },
    {
      case: "log starts mid-step, later resumes under its header",
      lines: ["#7 0.123 foo", "#7 ...", "", "#7 [2/3] RUN a", "#7 DONE 1.0s"],
      want: [{ key: "#7", name: "[2/3] RUN a", status: "done", seconds: 1 }],
    },
    {
      case: "canceled sibling",
      lines: ["#9 [a 2/2] RUN sleep 9", "#9 CANCELED"],
      want: [{ key: "#9", name: "[a 2/2] RUN sleep 9", status: "canceled", seconds: null }],
    },
    {
      case: "CRLF line ends",
      lines: ["#1 [1/1] FROM x\r", "#1 DONE 0.2s\r"],
      want: [{ key: "#1", name: "[1/1] FROM x", status: "done", seconds: 0.2 }],
    },
  ])("$case", ({ lines, want }) => {
    expect(brief(parse(lines))).toEqual(want);
  });
});

describe("plain: what copies of logs add", () => {
  const ts = (line: string) => `2024-05-01T10:00:00.1234567Z ${line}`;
  it.each<{ case: string; lines: string[]; want: Brief[] }>([
    {
      case: "RFC3339 timestamp before every line (GitHub job log), blank lines included",
      lines: ["#5 [2/3] RUN a", "#5 0.1 hi", "#5 DONE 0.1s", "", "#6 [3/3] RUN b", "#6 DONE 2.0s"].map(ts),
      want: [
        { key: "#5", name: "[2/3] RUN a", status: "done", seconds: 0.1 },
        { key: "#6", name: "[3/3] RUN b", status: "done", seconds: 2 },
      ],
    },
    {
      case: "ANSI colour escapes",
      lines: ["\x1b[34m#5 [2/3] RUN a\x1b[0m", "\x1b[32m#5 DONE 0.4s\x1b[0m"],
      want: [{ key: "#5", name: "[2/3] RUN a", status: "done", seconds: 0.4 }],
    },
    {
      case: "*** masking in names and times",
      lines: [
        "#5 [2/3] RUN echo *** > /t",
        "#5 0.*** ***",
        "#5 DONE ***s",
        "",
        "#6 [3/3] RUN ***",
        "#6 CACHED",
      ],
      want: [
        { key: "#5", name: "[2/3] RUN echo *** > /t", status: "done", seconds: null },
        { key: "#6", name: "[3/3] RUN ***", status: "cached", seconds: null },
      ],
    },
  ])("$case", ({ lines, want }) => {
    expect(brief(parse(lines))).toEqual(want);
  });

  it("a masked digest gives no image id", () => {
    expect(parse(["#9 exporting to image", "#9 writing image sha256:*** done"]).imageId).toBeNull();
  });
});

describe("plain: step details", () => {
  it("keeps only the last LOG_TAIL_LINES log lines, without time prefixes", () => {
    const lines = ["#3 [2/2] RUN seq 100"];
    for (let i = 1; i <= 100; i++) lines.push(`#3 ${(i / 10).toFixed(3)} line ${i}`);
    const s = step(parse(lines), "#3");
    expect(s.logTail).toHaveLength(LOG_TAIL_LINES);
    expect(s.logTail.at(-1)).toBe("line 100");
  });

  it("an empty log line is kept as empty", () => {
    expect(step(parse(["#3 [2/2] RUN a", "#3 0.100 ", "#3 0.101"]), "#3").logTail).toEqual(["", ""]);
  });

  it("#N WARN: lines are step warnings", () => {
    const s = step(
      parse([
        "#1 [internal] load build definition from Dockerfile",
        "#1 WARN: FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
        "#1 DONE 0.0s",
      ]),
      "#1",
    );
    expect(s.warnings).toEqual(["FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)"]);
    expect(s.status).toBe("done");
  });

  it.each([
    ["writing image … done", "#11 writing image sha256:" + "ab".repeat(32) + " done"],
    ["writing image … 0.0s done", "#11 writing image sha256:" + "ab".repeat(32) + " 0.0s done"],
    ["writing image, still running", "#11 writing image sha256:" + "ab".repeat(32)],
  ])("image id from %s", (_case, line) => {
    expect(parse(["#11 exporting to image", line, "#11 DONE 0.1s"]).imageId).toBe(
      "sha256:" + "ab".repeat(32),
    );
  });

  it("a status line shaped like a digest is not a digest line away from the header", () => {
    const t = parse([
      "#4 [1/2] FROM x",
      `#4 ${D("a")}`,
      "#4 resolve x 0.1s done",
      `#4 ${D("b")}`,
      "#4 DONE 0.2s",
    ]);
    expect(brief(t)).toEqual([{ key: "#4", name: "[1/2] FROM x", status: "done", seconds: 0.2 }]);
  });
});
