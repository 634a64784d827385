import { describe, expect, it } from "vitest";
import {
  entryOf,
  imageIdOf,
  makeReportSet,
  mergeReportSets,
  parseReportSet,
  ReportSetSchema,
  toReportFile,
} from "../../src/report/report-set.js";
import { parseReport } from "../../src/report/schema.js";
import { makeReport, step } from "../support/report.js";

const report = (id?: string) => ({
  ...makeReport({ warm: [step("COPY . .", "done", 0.1, 3)] }),
  ...(id ? { benchmarkId: id } : {}),
});

describe("report sets (schemaVersion 2)", () => {
  it.each([
    ["a v1 report with a benchmark id", report("api"), "api"],
    [
      "a v1 report without one: context, then target and platform",
      { ...report(), build: { ...report().build, target: "prod", platform: "linux/amd64" } },
      "examples/app:prod:linux/amd64",
    ],
    [
      "a v1 report with another Dockerfile",
      { ...report(), build: { ...report().build, dockerfile: "web.Dockerfile" } },
      "examples/app:web.Dockerfile",
    ],
  ])("%s is read as a set of one", (_, json, id) => {
    const set = parseReportSet(JSON.parse(JSON.stringify(json)));
    expect(set.schemaVersion).toBe(2);
    expect(set.images.map((e) => e.id)).toEqual([id]);
    expect(set.images[0]?.report?.summary).toEqual(report().summary);
  });

  it("a failed-build report is a failed entry, never a report", () => {
    const r = report("web");
    const failed = {
      ...r,
      warm: null,
      error: { phase: "cold", step: null, line: null, exitCode: 1, message: "boom", logTail: [] },
    };
    const set = parseReportSet(JSON.parse(JSON.stringify(failed)));
    expect(set.images[0]?.report).toBeNull();
    expect(set.images[0]?.failed?.error.message).toBe("boom");
  });

  it("round-trips a written set, and the single-image reader refuses it with a pointer", () => {
    const set = makeReportSet([entryOf(report("api")), entryOf(report("web"))], {
      version: "0.1.0",
      bake: { files: ["docker-bake.hcl"], targets: [] },
    });
    const json = JSON.parse(JSON.stringify(set));
    expect(ReportSetSchema.parse(json)).toEqual(set);
    expect(parseReportSet(json).images.map((e) => e.id)).toEqual(["api", "web"]);
    expect(() => parseReport(json)).toThrow(/schemaVersion/);
  });

  it("refuses two images with one id and says how to fix it", () => {
    const a = parseReportSet(JSON.parse(JSON.stringify(report("app"))));
    expect(() =>
      mergeReportSets(
        [
          { path: "a/report.json", set: a },
          { path: "b/report.json", set: a },
        ],
        "0.1.0",
      ),
    ).toThrow(
      /two images have the id "app": give each matrix job its own benchmark-id .*a\/report.json, b\/report.json/,
    );
  });

  it("merges in the order given", () => {
    const sets = ["x", "y", "z"].map((id) => ({
      path: `${id}.json`,
      set: parseReportSet(JSON.parse(JSON.stringify(report(id)))),
    }));
    expect(mergeReportSets(sets, "0.1.0").images.map((e) => e.id)).toEqual(["x", "y", "z"]);
  });

  it("one file keeps its set's name and bake source; several files are a new set", () => {
    const bake = makeReportSet([entryOf(report("api")), entryOf(report("web"))], {
      version: "0.1.0",
      bake: { files: ["docker-bake.hcl"], targets: [] },
      benchmarkId: "docker-bake.hcl",
    });
    const one = mergeReportSets([{ path: "set.json", set: bake }], "0.1.0");
    expect(one).toMatchObject({ benchmarkId: "docker-bake.hcl", bake: { files: ["docker-bake.hcl"] } });
    const other = parseReportSet(JSON.parse(JSON.stringify(report("worker"))));
    const two = mergeReportSets(
      [
        { path: "set.json", set: bake },
        { path: "worker.json", set: other },
      ],
      "0.1.0",
    );
    expect(two.benchmarkId).toBeUndefined();
    expect(two.bake).toBeNull();
    expect(two.images.map((e) => e.id)).toEqual(["api", "web", "worker"]);
  });

  it("writes a lone image as its own v1 report, several (or a bake run) as a set", () => {
    const one = makeReportSet([entryOf(report("api"))], { version: "0.1.0" });
    expect((toReportFile(one) as { schemaVersion: number }).schemaVersion).toBe(1);
    const bake = makeReportSet([entryOf(report("api"))], {
      version: "0.1.0",
      bake: { files: ["f"], targets: [] },
    });
    expect((toReportFile(bake) as { schemaVersion: number }).schemaVersion).toBe(2);
    expect(imageIdOf(report("api"))).toBe("api");
  });
  it("a history this version cannot read is dropped, in a set's entry as in a single report; the baseline stays", () => {
    const future = { status: "from-the-future", commit: "x" };
    const single = { ...report("api"), history: [future] };
    expect(parseReportSet(JSON.parse(JSON.stringify(single))).images[0]?.report?.history).toBeUndefined();
    const set = JSON.parse(
      JSON.stringify(makeReportSet([entryOf(report("api")), entryOf(report("web"))], { version: "0.1.0" })),
    );
    set.images[1].report.history = [future];
    const read = parseReportSet(set);
    expect(read.images.map((e) => [e.id, e.report?.history])).toEqual([
      ["api", undefined],
      ["web", undefined],
    ]);
    set.images[1].report.summary = null;
    expect(() => parseReportSet(set)).toThrow(/images\.1\.report\.summary/);
  });
});
