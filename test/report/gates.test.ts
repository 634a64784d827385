import { describe, expect, it } from "vitest";
import type { GateResult } from "../../src/compare/gates.js";
import { renderGatesMarkdown, renderGatesTerminal } from "../../src/report/gates.js";

const gates: GateResult[] = [
  {
    id: "max-image-size",
    passed: false,
    limit: "1.00 MB",
    actual: "3.41 MB",
    message: "image size 3.41 MB exceeds max-image-size 1.00 MB",
  },
  { id: "min-cache-hit-ratio", passed: true, limit: "50%", actual: "83%", message: "ok" },
  {
    id: "max-image-growth",
    passed: null,
    limit: "+10%",
    actual: "no baseline",
    message: "max-image-growth not checked: no baseline to compare with yet",
  },
];

describe("gate tables", () => {
  it("terminal: the Action's columns, then what failed or was not checked", () => {
    expect(renderGatesTerminal(gates)).toBe(
      [
        "  Gate                 Limit    Actual",
        "  max-image-size       1.00 MB  3.41 MB      FAILED",
        "  min-cache-hit-ratio  50%      83%          ok",
        "  max-image-growth     +10%     no baseline  –",
        "  failed: image size 3.41 MB exceeds max-image-size 1.00 MB",
        "  not checked: max-image-growth not checked: no baseline to compare with yet",
        "",
      ].join("\n"),
    );
  });

  it("markdown: one row per gate", () => {
    expect(renderGatesMarkdown(gates).split("\n")).toEqual([
      "| Gate | Limit | Actual | |",
      "|---|--:|--:|:-:|",
      "| `max-image-size` | 1.00 MB | 3.41 MB | ❌ |",
      "| `min-cache-hit-ratio` | 50% | 83% | ✅ |",
      "| `max-image-growth` | +10% | no baseline | – |",
    ]);
  });
});
