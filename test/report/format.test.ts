import { describe, expect, it } from "vitest";
import { formatBytes, formatSeconds } from "../../src/report/format.js";
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
