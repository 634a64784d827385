// Reads a report file a user named on the command line; every problem is a usage error naming it.
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { parseReport, type Report } from "../report/schema.js";

export async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UsageError(`cannot read report ${path}`);
  }
  try {
    return parseReport(JSON.parse(text));
  } catch (e) {
    throw new UsageError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
