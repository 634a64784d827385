// docs/report.schema.json: the JSON Schema of what `run --json` writes, generated from the zod
// schemas that validate every report the tool reads back, so the published schema and the code
// agree. A file is a report, a failed-build report, or (schemaVersion 2) a set of either, one per image.
import { z } from "zod";
import { REPORT_SET_VERSION, ReportSetSchema } from "../src/report/report-set.js";
import { FailedReportSchema, REPORT_SCHEMA_URL, ReportSchema, SCHEMA_VERSION } from "../src/report/schema.js";

export function renderReportSchema(): string {
  const either = z.union([
    ReportSchema.meta({ title: "Report" }),
    FailedReportSchema.meta({ title: "Report of a failed build (never a baseline)" }),
    ReportSetSchema.meta({ title: "Report set: one entry per image (bake targets, merged matrix reports)" }),
  ]);
  // "input": what the tool accepts when it reads a report (fields with a default are optional),
  // the contract for older reports too.
  const { $schema, ...rest } = z.toJSONSchema(either, { io: "input", target: "draft-2020-12" });
  const schema = {
    $schema,
    $id: REPORT_SCHEMA_URL,
    title: `docker-cache-bench report (schemaVersion ${SCHEMA_VERSION}, or ${REPORT_SET_VERSION} for several images)`,
    description:
      "What `docker-cache-bench run --json` writes and the GitHub Action stores as a baseline. Fields: docs/report.md.",
    ...rest,
  };
  return JSON.stringify(schema, null, 2) + "\n";
}
