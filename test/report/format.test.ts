import { describe, expect, it } from "vitest";
import {
  NO_CACHE_NOTE,
  SHARED_NOTE,
  coldCell,
  formatBytes,
  formatSeconds,
  sharedStep,
  sharedStepsWarning,
  stepNotes,
  warmCell,
} from "../../src/report/format.js";
import { formatMetricDelta, formatRelative } from "../../src/report/comparison.js";

describe("formatting", () => {
  it.each([
    { n: 0, want: "0 B" },
    { n: 999, want: "999 B" },
    { n: 3_623_954, want: "3.62 MB" },
    { n: 45_600_000, want: "45.6 MB" },
    { n: 250_000_000, want: "250 MB" },
    { n: 1_200_000_000, want: "1.20 GB" },
  ])("formatBytes($n) = $want (decimal, like docker image ls)", ({ n, want }) => {
    expect(formatBytes(n)).toBe(want);
  });

  it.each([
    { s: null, want: "–" },
    { s: 0.04, want: "0.0s" },
    { s: 3.41, want: "3.4s" },
    { s: 62.4, want: "1m 02s" },
  ])("formatSeconds($s) = $want", ({ s, want }) => {
    expect(formatSeconds(s)).toBe(want);
  });
});

describe("relative change: two significant digits, a factor from a doubling", () => {
  it.each([
    { name: "tiny: rounds away", ratio: 0.0004, text: "" },
    { name: "small increase", ratio: 0.003, text: "+0.3%" },
    { name: "under 10 %: one decimal", ratio: 0.0968, text: "+9.7%" },
    { name: "10 % and over: whole percent", ratio: 0.374, text: "+37%" },
    { name: "just under a doubling", ratio: 0.996, text: "+100%" },
    { name: "a doubling", ratio: 1, text: "×2" },
    { name: "issue 9's +1559.1 %", ratio: 15.591, text: "×17" },
    { name: "a large factor", ratio: 159, text: "×160" },
    { name: "×2.5", ratio: 1.5, text: "×2.5" },
    { name: "decrease", ratio: -0.94, text: "−94%" },
    { name: "small decrease", ratio: -0.052, text: "−5.2%" },
  ])("$name: $ratio → '$text'", ({ ratio, text }) => {
    expect(formatRelative(ratio)).toBe(text);
  });

  it("in a metric delta", () => {
    const m = { key: "warmSeconds", base: 0.2, head: 3.6, delta: 3.4, ratio: 17, significant: true } as const;
    expect(formatMetricDelta(m)).toBe("+3.4s (×18)");
  });
});

describe("a step shared with another build's", () => {
  it.each([
    ["RUN pip install -r requirements.txt", "cached", true],
    ["COPY . .", "cached", true],
    ["ADD https://example.com/x.tgz /x", "cached", true],
    ["run make", "cached", true],
    ["RUN make", "done", false],
    ["WORKDIR /app", "cached", false],
    ["FROM python:3.12-slim", "cached", false],
    ["RUNNER=1", "cached", false],
  ] as const)("cold %s %s: %s", (instruction, status, shared) => {
    expect(sharedStep({ status, instruction }, "cold")).toBe(shared);
    // A warm build may take a RUN from the cache: only the timings tell it was shared there.
    expect(sharedStep({ status, instruction }, "warm")).toBe(false);
  });

  it("the timings' flag marks a step shared in either build; no step is not", () => {
    expect(sharedStep({ status: "done", instruction: "RUN make", shared: true }, "cold")).toBe(true);
    expect(sharedStep({ status: "done", instruction: "RUN make", shared: true }, "warm")).toBe(true);
    expect(sharedStep({ status: "cached", instruction: null }, "cold")).toBe(false);
    expect(sharedStep(null, "cold")).toBe(false);
  });

  it("the cells and notes", () => {
    const run = { status: "done", seconds: 4.4, instruction: "RUN make", shared: true };
    expect(coldCell(run)).toBe("4.4s ‡");
    expect(warmCell(run)).toBe("rebuilt 4.4s ‡");
    expect(warmCell(run, true)).toBe("🔁 rebuilt 4.4s ‡");
    expect(coldCell({ status: "cached", seconds: null, instruction: "COPY . ." })).toBe("cached ‡");
    expect(coldCell({ status: "cached", seconds: null, instruction: "WORKDIR /app" })).toBe("cached †");
    const workdir = { status: "cached", seconds: null, instruction: "WORKDIR /app" };
    expect(stepNotes([{ cold: workdir, warm: null }])).toEqual([NO_CACHE_NOTE]);
    expect(stepNotes([{ cold: null, warm: run }])).toEqual([SHARED_NOTE]);
    expect(
      stepNotes([
        { cold: workdir, warm: null },
        { cold: run, warm: null },
      ]),
    ).toEqual([NO_CACHE_NOTE, SHARED_NOTE]);
    expect(stepNotes([{ cold: { ...run, shared: false }, warm: workdir }])).toEqual([]);
  });

  it("the warning names each step with its line, without a digest, on one line", () => {
    const w = sharedStepsWarning(
      [
        { name: "[2/4] RUN pip install -r requirements.txt", line: 4 },
        { name: "[3/4] COPY . .", line: null },
      ],
      [{ name: "[4/4] RUN make", line: 5 }],
    );
    expect(w).toContain(
      "the cold build (--no-cache) shared `[2/4] RUN pip install -r requirements.txt` (line 4), `[3/4] COPY . .`; the warm build shared `[4/4] RUN make` (line 5) with another build",
    );
    expect(w).not.toContain("\n");
    expect(sharedStepsWarning([], [])).toBeNull();
  });
});
