// Hand-made: the failed-step summary and trailing error lines follow the captured *-fail.log fixtures
// (see fixtures.test.ts); the ≤ 0.4 field lines and warning summaries are written from the research note.
import { describe, expect, it } from "vitest";
import type { TraceStep } from "../../src/progress/index.js";
import { D, parse, step } from "./plain-helpers.js";

describe("plain: errors and summaries", () => {
  const failing = [
    "#8 [4/5] RUN ./build.sh",
    "#8 0.136 compiling",
    "#9 [a 2/2] RUN other",
    "#9 0.2 other output",
    "#8 0.137 boom",
    '#8 ERROR: process "/bin/sh -c ./build.sh" did not complete successfully: exit code: 3',
    "#9 CANCELED",
    "------",
    " > [4/5] RUN ./build.sh:",
    "0.050 a line the stream above does not show",
    "0.136 compiling",
    "0.137 boom",
    "------",
    "Dockerfile:5",
    "--------------------",
    "   5 | >>> RUN ./build.sh",
    "--------------------",
    'ERROR: failed to build: failed to solve: process "/bin/sh -c ./build.sh" did not complete successfully: exit code: 3',
  ];

  it("failed step: status, message, and its own lines from the summary", () => {
    const t = parse(failing);
    const s = step(t, "#8");
    expect(s.status).toBe("error");
    expect(s.error).toMatch(/exit code: 3$/);
    expect(s.logTail).toEqual(["a line the stream above does not show", "compiling", "boom"]);
    expect(step(t, "#9").status).toBe("canceled");
  });

  it("summary and excerpt lines are not steps; ERROR: lines are build errors", () => {
    const t = parse(failing);
    expect(t.steps.map((s) => s.key)).toEqual(["#8", "#9"]);
    expect(t.errors).toEqual([
      'failed to build: failed to solve: process "/bin/sh -c ./build.sh" did not complete successfully: exit code: 3',
    ]);
  });

  it("summary naming a step that never printed ERROR marks it failed", () => {
    const t = parse(["#3 [2/2] RUN a", "#3 0.1 x", "------", " > [2/2] RUN a:", "0.1 x", "------"]);
    expect(step(t, "#3").status).toBe("error");
  });

  it("Docker 20.10: empty summary, then the step's message on a bare line", () => {
    const msg = "executor failed running [/bin/sh -c exit 3]: exit code: 3";
    const t = parse([
      "#8 [4/5] RUN exit 3",
      `#8 ${D("f")}`,
      `#8 ERROR: ${msg}`,
      "------",
      " > [4/5] RUN exit 3:",
      "------",
      msg,
    ]);
    expect(t.errors).toEqual([msg]);
    expect(step(t, "#8").error).toBe(msg);
  });

  it("Docker 20.10: failed to solve with frontend … without any step", () => {
    const msg =
      "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error";
    expect(
      parse(["#1 [internal] load build definition from Dockerfile", "#1 DONE 0.0s", msg]).errors,
    ).toEqual([msg]);
  });

  it("other bare lines are ignored", () => {
    const t = parse([
      "View build details: docker-desktop://dashboard/build/default/default/x",
      "DEPRECATED: something",
    ]);
    expect(t).toMatchObject({ steps: [], errors: [], warnings: [] });
  });

  it("warnings summary, wrapped in ANSI yellow", () => {
    const t = parse([
      "#1 [internal] load build definition from Dockerfile",
      "#1 DONE 0.0s",
      "",
      "\x1b[33m 2 warnings found (use docker --debug to expand):\x1b[0m",
      " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
      " - UndefinedVar: Usage of undefined variable '$X' (line 3)",
      "WARNING: No output specified with docker-container driver. Build result will only remain in the build cache.",
    ]);
    expect(t.warnings).toEqual([
      "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
      "UndefinedVar: Usage of undefined variable '$X' (line 3)",
      "No output specified with docker-container driver. Build result will only remain in the build cache.",
    ]);
    expect(t.steps).toHaveLength(1);
  });
});

describe("plain: BuildKit ≤ 0.4 field lines (Docker 18.09)", () => {
  // Hand-made from the `%12s: %v` event format of the old printer.
  const log = [
    "#1 [internal] load build definition from Dockerfile",
    `#1       digest: ${D("1")}`,
    '#1         name: "[internal] load build definition from Dockerfile"',
    "#1      started: 2019-03-06 19:56:34.290356866 +0000 UTC",
    "#1    completed: 2019-03-06 19:56:34.290544614 +0000 UTC",
    "#1     duration: 187.748µs",
    "#1 transferring dockerfile: 79B done",
    "",
    "#4 [2/3] RUN make",
    `#4       digest: ${D("4")}`,
    '#4         name: "[2/3] RUN make"',
    "#4      started: 2019-03-06 19:56:35.1 +0000 UTC",
    "#4 0.512 building",
    "#4    completed: 2019-03-06 19:56:36.3 +0000 UTC",
    "#4     duration: 1m1.5s",
    "",
    `#5       digest: ${D("5")}`,
    '#5         name: "[1/3] FROM docker.io/library/alpine"',
    "#5      started: 2019-03-06 19:56:34.3 +0000 UTC",
    "#5    completed: 2019-03-06 19:56:34.3 +0000 UTC",
    "#5     duration: 12µs",
    "#5       cached: true",
    "",
    "#6 [3/3] RUN false",
    '#6        error: "executor failed running [/bin/sh -c false]: exit code: 1"',
    "#6    completed: 2019-03-06 19:56:37 +0000 UTC",
  ];
  const t = parse(log);

  it.each<{ key: string; want: Partial<TraceStep> }>([
    { key: "#1", want: { status: "done", seconds: 0.000187748, started: "2019-03-06T19:56:34.290356866Z" } },
    {
      key: "#4",
      want: { status: "done", seconds: 61.5, completed: "2019-03-06T19:56:36.3Z", logTail: ["building"] },
    },
    { key: "#5", want: { name: "[1/3] FROM docker.io/library/alpine", status: "cached", seconds: null } },
    {
      key: "#6",
      want: { status: "error", error: "executor failed running [/bin/sh -c false]: exit code: 1" },
    },
  ])("$key", ({ key, want }) => {
    expect(step(t, key)).toMatchObject(want);
  });
});
