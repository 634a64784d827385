import { describe, expect, it } from "vitest";
import { compareReports } from "../../src/compare/compare.js";
import { makeReport, step } from "../support/report.js";

const GOOD = [
  step("WORKDIR /app", "cached", null, 5),
  step("COPY requirements.txt .", "cached", null, 6),
  step("RUN pip install -r requirements.txt", "cached", null, 7),
  step("COPY . .", "done", 0.1, 8),
];
const BAD = [
  step("WORKDIR /app", "cached", null, 5),
  step("COPY . .", "done", 0.1, 6),
  step("RUN pip install -r requirements.txt", "done", 41, 7),
];

describe("compareReports", () => {
  it("a head that moves COPY . . above the install: the install is a cache regression, matched by instruction not number", () => {
    const c = compareReports(
      makeReport({ warm: GOOD, warmSeconds: 3 }),
      makeReport({ warm: BAD, warmSeconds: 44 }),
    );
    expect(c.cacheRegressions.map((s) => s.instruction)).toEqual(["RUN pip install -r requirements.txt"]);
    expect(c.cacheRegressions[0]?.line).toBe(7);
    expect(c.removedSteps.map((s) => s.instruction)).toEqual(["COPY requirements.txt ."]);
    const warm = c.metrics.find((m) => m.key === "warmSeconds");
    expect(warm).toMatchObject({ base: 3, head: 44, delta: 41, significant: true });
  });

  it("a head that only edits code: no regression, and small timing jitter is not significant", () => {
    const head = GOOD.map((s) => ({ ...s, name: s.name?.replace(/\d\/9/, "9/9") ?? null }));
    const c = compareReports(
      makeReport({ warm: GOOD, warmSeconds: 3 }),
      makeReport({ warm: head, warmSeconds: 4.5 }),
    );
    expect(c.cacheRegressions).toEqual([]);
    expect(c.addedSteps).toEqual([]);
    expect(c.metrics.find((m) => m.key === "warmSeconds")?.significant).toBe(false);
  });

  it.each([
    { name: "under both floors", base: 10, head: 11, want: false },
    { name: "over the seconds floor but under the ratio", base: 100, head: 105, want: false },
    { name: "over the ratio but under the seconds floor", base: 1, head: 2.5, want: false },
    { name: "over both", base: 10, head: 13, want: true },
    { name: "faster over both", base: 13, head: 10, want: true },
  ])("noise floor (2 s and 10 %): $name", ({ base, head, want }) => {
    const c = compareReports(
      makeReport({ warm: GOOD, coldSeconds: base }),
      makeReport({ warm: GOOD, coldSeconds: head }),
    );
    expect(c.metrics.find((m) => m.key === "coldSeconds")?.significant).toBe(want);
  });

  it("an image size change is always significant (it is deterministic)", () => {
    const c = compareReports(
      makeReport({ warm: GOOD, sizeBytes: 100 }),
      makeReport({ warm: GOOD, sizeBytes: 101 }),
    );
    expect(c.metrics.find((m) => m.key === "imageSizeBytes")).toMatchObject({ delta: 1, significant: true });
  });

  it("two identical instructions in one stage stay distinct", () => {
    const twice = [step("RUN make", "cached", null, 5), step("RUN make", "cached", null, 6)];
    const head = [step("RUN make", "cached", null, 5), step("RUN make", "done", 3, 6)];
    const c = compareReports(makeReport({ warm: twice }), makeReport({ warm: head }));
    expect(c.cacheRegressions.map((s) => s.line)).toEqual([6]);
  });
});
