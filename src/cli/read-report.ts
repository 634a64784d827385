// Reads a report file a user named on the command line; every problem is a usage error naming it,
// never quoting the file's content (it may be any file, /etc/shadow included).
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { parseReportSet, REPORT_SET_VERSION, type ReportSet } from "../report/report-set.js";
import { parseJsonText, parseReport, type Report } from "../report/schema.js";

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`cannot read report ${path}`);
  }
  return parsed(path, () => parseJsonText(text));
}

function parsed<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new UsageError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function readReport(path: string): Promise<Report> {
  const json = await readJson(path);
  return parsed(path, () => parseReport(json));
}

/** Any report file as a set; `multi` when the file is a set (schemaVersion 2), even of one image. */
export async function readReportSet(path: string): Promise<{ set: ReportSet; multi: boolean }> {
  const json = await readJson(path);
  const multi = (json as { schemaVersion?: unknown } | null)?.schemaVersion === REPORT_SET_VERSION;
  return { set: parsed(path, () => parseReportSet(json)), multi };
}
