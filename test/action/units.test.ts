import { describe, expect, it } from "vitest";
import { parseDuration, parseGrowth, parseRatio, parseSize } from "../../src/action/units.js";

describe("units", () => {
  it.each([
    { text: "250MB", want: 250_000_000 },
    { text: "1.5 GB", want: 1_500_000_000 },
    { text: "512MiB", want: 536_870_912 },
    { text: "1000", want: 1000 },
    { text: "20kb", want: 20_000 },
    { text: "lots", want: null },
    { text: "-5MB", want: null },
  ])("parseSize($text) = $want", ({ text, want }) => expect(parseSize(text)).toBe(want));

  it.each([
    { text: "90", want: 90 },
    { text: "90s", want: 90 },
    { text: "2m", want: 120 },
    { text: "1m30s", want: 90 },
    { text: "1h", want: 3600 },
    { text: "soon", want: null },
    { text: "", want: null },
  ])("parseDuration($text) = $want", ({ text, want }) => expect(parseDuration(text)).toBe(want));

  it.each([
    { text: "0.8", want: 0.8 },
    { text: "80%", want: 0.8 },
    { text: "1.5", want: null },
    { text: "120%", want: null },
  ])("parseRatio($text) = $want", ({ text, want }) => expect(parseRatio(text)).toBe(want));

  it.each([
    { text: "10%", want: { kind: "ratio", ratio: 0.1 } },
    { text: "20MB", want: { kind: "bytes", bytes: 20_000_000 } },
    { text: "ten", want: null },
  ])("parseGrowth($text)", ({ text, want }) => expect(parseGrowth(text)).toEqual(want));
});
