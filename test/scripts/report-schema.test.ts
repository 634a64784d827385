import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { entryOf, makeReportSet, parseReportSet } from "../../src/report/report-set.js";
import { REPORT_SCHEMA_URL, parseReport } from "../../src/report/schema.js";
import { makeReport, step } from "../support/report.js";

// The committed file, read back by zod's own JSON Schema reader: an interpreter of the JSON
// Schema text, not the zod schema it came from.
const published = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../docs/report.schema.json"), "utf8"),
);
const validator = z.fromJSONSchema(published);
const report = { $schema: REPORT_SCHEMA_URL, ...makeReport({ warm: [step("RUN make", "done", 1.5, 3)] }) };

describe("docs/report.schema.json", () => {
  it("is a 2020-12 schema published at the URL reports point to", () => {
    expect(published.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(published.$id).toBe(REPORT_SCHEMA_URL);
    expect(published.anyOf.map((s: { title: string }) => s.title)).toEqual([
      "Report",
      "Report of a failed build (never a baseline)",
      "Report set: one entry per image (bake targets, merged matrix reports)",
    ]);
  });

  it("accepts a report the tool accepts, with or without the fields older reports lack", () => {
    expect(parseReport(report)).toBeTruthy();
    expect(validator.safeParse(report).success).toBe(true);
    const { $schema: _s, findings: _f, ...older } = report;
    expect(validator.safeParse(older).success).toBe(true);
  });

  it("accepts the report of a failed build, which needs its error", () => {
    const { findings: _f, summary: _s, image: _i, touch: _t, touched: _d, context: _c, ...header } = report;
    const failed = {
      ...header,
      warm: null,
      error: {
        phase: "cold",
        step: "[2/2] RUN make",
        line: 3,
        exitCode: 2,
        message: "failed",
        logTail: ["x"],
      },
    };
    expect(validator.safeParse(failed).success).toBe(true);
    expect(validator.safeParse({ ...failed, error: undefined }).success).toBe(false);
  });

  it("accepts a set of images (schemaVersion 2), and refuses one without images", () => {
    const set = makeReportSet([entryOf({ ...report, benchmarkId: "api" })], { version: "0.1.0", bake: null });
    const json = JSON.parse(JSON.stringify(set));
    expect(parseReportSet(json).images).toHaveLength(1);
    expect(validator.safeParse(json).success).toBe(true);
    expect(validator.safeParse({ ...json, images: [] }).success).toBe(false);
  });

  it.each([
    { name: "another schemaVersion", change: { schemaVersion: 3 } },
    { name: "no summary", change: { summary: undefined } },
    { name: "a negative image size", change: { image: { ...report.image, sizeBytes: -1 } } },
    {
      name: "an unknown step status",
      change: { warm: { ...report.warm, steps: [{ ...report.warm.steps[0], status: "skipped" }] } },
    },
  ])("rejects $name, as the tool does", ({ change }) => {
    const bad = JSON.parse(JSON.stringify({ ...report, ...change }));
    expect(validator.safeParse(bad).success).toBe(false);
    expect(() => parseReport(bad)).toThrow();
  });
});
