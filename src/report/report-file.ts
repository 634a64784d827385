// A report file's text as a report set, and the one error every bad report file becomes. Pure:
// the reading (paths, globs, directories) is in baseline/report-files.ts. A user or a workflow may
// point at any file (/etc/shadow included; in `workflow_run` mode a fork wrote the report), so a
// message names the file and the first bad field, never a byte of what is in it: parseJsonText
// drops V8's quote of the text, and zod's messages say what was expected, not what was found.
import { errorMessage, UsageError } from "../errors.js";
import { parseReportSet, REPORT_SET_VERSION, type ReportSet } from "./report-set.js";
import { parseJsonText } from "./schema.js";

/**
 * A report file that cannot be used: missing, unreadable, not JSON, not a report, or clashing
 * with another. A usage error (the user named the file): the CLI exits 2, the Action fails the
 * step. The message names the file; it never quotes the file's content.
 */
export class ReportFileError extends UsageError {
  override name = "ReportFileError";
}

/** Report file text as a set, and the schemaVersion it was written in (1: one image, 2: a set). */
export function parseReportSetText(text: string, path: string): { set: ReportSet; schemaVersion: 1 | 2 } {
  try {
    const json = parseJsonText(text);
    const multi = (json as { schemaVersion?: unknown } | null)?.schemaVersion === REPORT_SET_VERSION;
    return { set: parseReportSet(json), schemaVersion: multi ? 2 : 1 };
  } catch (e) {
    throw new ReportFileError(`${path}: ${errorMessage(e)}`);
  }
}
