// Reads a single-image report a user named on the command line (`compare`, `run --baseline`).
// Report sets, and the reading and error rules shared by every caller, are in report/report-files.ts.
import { ReportFileError, readReportText } from "../baseline/report-files.js";
import { parseJsonText, parseReport, type Report } from "../report/schema.js";
import { errorMessage } from "../errors.js";

export async function readReport(path: string): Promise<Report> {
  const text = await readReportText(path);
  try {
    return parseReport(parseJsonText(text));
  } catch (e) {
    throw new ReportFileError(`${path}: ${errorMessage(e)}`);
  }
}
