import { describe, expect, it } from "vitest";
import { formatBytes, formatSeconds } from "../../src/report/format.js";

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
