import { describe, expect, it } from "vitest";
import { compareReports } from "../../src/compare/compare.js";
import { evaluateGates } from "../../src/compare/gates.js";
import { GOOD_STEPS, makeReport, step } from "../support/report.js";

// The install takes a round 41 s here, the delta the assertions name.
const BAD = [
  step("WORKDIR /app", "cached", null, 5),
  step("COPY . .", "done", 0.1, 6),
  step("RUN pip install -r requirements.txt", "done", 41, 7),
];

describe("compareReports", () => {
  it("a head that moves COPY . . above the install: the install is a cache regression, matched by instruction not number", () => {
    const c = compareReports(
      makeReport({ warm: GOOD_STEPS, warmSeconds: 3 }),
      makeReport({ warm: BAD, warmSeconds: 44 }),
    );
    expect(c.cacheRegressions.map((s) => s.instruction)).toEqual(["RUN pip install -r requirements.txt"]);
    expect(c.cacheRegressions[0]?.line).toBe(7);
    expect(c.removedSteps.map((s) => s.instruction)).toEqual(["COPY requirements.txt ."]);
    const warm = c.metrics.find((m) => m.key === "warmSeconds");
    expect(warm).toMatchObject({ base: 3, head: 44, delta: 41, significant: true });
  });

  it("a head that only edits code: no regression, and small timing jitter is not significant", () => {
    const head = GOOD_STEPS.map((s) => ({ ...s, name: s.name?.replace(/\d\/9/, "9/9") ?? null }));
    const c = compareReports(
      makeReport({ warm: GOOD_STEPS, warmSeconds: 3 }),
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
      makeReport({ warm: GOOD_STEPS, coldSeconds: base }),
      makeReport({ warm: GOOD_STEPS, coldSeconds: head }),
    );
    expect(c.metrics.find((m) => m.key === "coldSeconds")?.significant).toBe(want);
  });

  it("two identical instructions in one stage stay distinct", () => {
    const twice = [step("RUN make", "cached", null, 5), step("RUN make", "cached", null, 6)];
    const head = [step("RUN make", "cached", null, 5), step("RUN make", "done", 3, 6)];
    const c = compareReports(makeReport({ warm: twice }), makeReport({ warm: head }));
    expect(c.cacheRegressions.map((s) => s.line)).toEqual([6]);
  });
});

describe("layer and step-time changes", () => {
  const layer = (instruction: string, sizeBytes: number) => ({
    createdBy: instruction,
    instruction,
    sizeBytes,
    emptyLayer: false,
  });

  it("a layer that grew 84 MB is reported by its instruction; small changes are not", () => {
    const base = makeReport({ warm: GOOD_STEPS });
    const head = makeReport({ warm: GOOD_STEPS });
    base.image.layers = [layer("RUN apt-get install -y curl", 20_000_000), layer("COPY . .", 10_000)];
    head.image.layers = [
      layer("RUN apt-get install -y curl", 104_000_000),
      layer("COPY . .", 12_000),
      layer("RUN make", 3_000_000),
    ];
    const c = compareReports(base, head);
    expect(c.layerChanges).toEqual([
      { instruction: "RUN apt-get install -y curl", base: 20_000_000, head: 104_000_000, delta: 84_000_000 },
      { instruction: "RUN make", base: null, head: 3_000_000, delta: 3_000_000 },
    ]);
  });

  it("a rebuilt step that got slower beyond the noise floor is listed; a cached one is not", () => {
    const base = makeReport({ warm: BAD });
    const slower = BAD.map((s) => (s.instruction?.startsWith("RUN pip") ? { ...s, seconds: 60 } : s));
    const c = compareReports(base, makeReport({ warm: slower }));
    expect(c.stepTimeChanges).toEqual([
      expect.objectContaining({
        instruction: "RUN pip install -r requirements.txt",
        base: 41,
        head: 60,
        delta: 19,
      }),
    ]);
  });
});

describe("pairing and comparability", () => {
  it("a PR that adds a builder stage above (every label changes) still shows the regression", () => {
    const head = BAD.map((s) => ({ ...s, stage: "stage-1" }));
    const c = compareReports(makeReport({ warm: GOOD_STEPS }), makeReport({ warm: head }));
    expect(c.cacheRegressions.map((s) => s.instruction)).toEqual(["RUN pip install -r requirements.txt"]);
    expect(c.addedSteps).toEqual([]);
  });

  it("different touched files: cache statuses are not compared, and the gate says why", () => {
    const head = makeReport({ warm: BAD });
    head.touched = ["static/site.css"];
    const c = compareReports(makeReport({ warm: GOOD_STEPS }), head);
    expect(c.comparable.cache).toBe(false);
    expect(c.comparable.notes[0]).toMatch(/touched different files/);
    const [gate] = evaluateGates(head, c, 100, {
      maxImageSize: null,
      maxImageGrowth: null,
      maxWarmSeconds: null,
      minCacheHitRatio: null,
      failOnCacheRegression: true,
    });
    expect(gate).toMatchObject({ passed: null, actual: "not comparable" });
  });

  it("a size kind one report lacks is not compared, and its growth gate is not judged", () => {
    // A report written before `image.sizes`, from the containerd store: its size is compressed.
    const base = makeReport({ warm: GOOD_STEPS, sizeBytes: 40_000_000 });
    base.image.sizeKind = "compressed";
    const head = makeReport({ warm: GOOD_STEPS, sizeBytes: 120_000_000 });
    const c = compareReports(base, head, undefined, "compressed");
    expect(c.metrics.find((m) => m.key === "imageSizeBytes")).toMatchObject({
      base: 40_000_000,
      head: null,
      delta: null,
      significant: false,
    });
    expect(c.comparable.notes).toContain(
      "the head report has no compressed image size (its image store does not keep one)",
    );
    const [gate] = evaluateGates(head, c, 40_000_000, {
      sizeKind: "compressed",
      maxImageSize: null,
      maxImageGrowth: { kind: "ratio", ratio: 0.05 },
      maxWarmSeconds: null,
      minCacheHitRatio: null,
      failOnCacheRegression: false,
    });
    expect(gate).toMatchObject({ id: "max-image-growth", passed: null, actual: "not measured" });
  });

  it("a few bytes of size drift are no news; a megabyte is", () => {
    const drift = compareReports(
      makeReport({ warm: GOOD_STEPS, sizeBytes: 100_000_000 }),
      makeReport({ warm: GOOD_STEPS, sizeBytes: 100_000_400 }),
    );
    expect(drift.metrics.find((m) => m.key === "imageSizeBytes")?.significant).toBe(false);
    const grew = compareReports(
      makeReport({ warm: GOOD_STEPS, sizeBytes: 100_000_000 }),
      makeReport({ warm: GOOD_STEPS, sizeBytes: 101_500_000 }),
    );
    expect(grew.metrics.find((m) => m.key === "imageSizeBytes")?.significant).toBe(true);
  });
});
