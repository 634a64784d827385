// Reads a report file a user named on the command line; every problem is a usage error naming it,
// never quoting the file's content (it may be any file, /etc/shadow included).
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { parseReportText, type Report } from "../report/schema.js";

export async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`cannot read report ${path}`);
  }
  try {
    return parseReportText(text);
  } catch (e) {
    throw new UsageError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
