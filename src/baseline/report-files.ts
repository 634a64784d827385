// Report files named by paths, directories or globs (a matrix's downloaded artifacts:
// `reports/*/report.json`, or just `reports`): every match read as a report set, in path order.
// The one reader of report sets for the CLI (`merge`, `run --bake --baseline`, `history`) and the
// Action (`report:`, `baseline:` a file); the rules for the text, and the one error every problem
// becomes (ReportFileError: names the file, never quotes it), are pure, in report/report-file.ts.
// The Action adds its input's name to the message, the CLI prints it as it is.
// Node 20 has no fs glob, and one small matcher beats a dependency: `*` and `?` within a path
// segment, `**` across segments.
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { errorMessage } from "../errors.js";
import { parseReportSetText, ReportFileError } from "../report/report-file.js";
import { mergeReportSets, type ReportSet } from "../report/report-set.js";
import { TOOL_VERSION } from "../version.js";

export { ReportFileError };

const GLOB_CHARS = /[*?[]/;
/** A walk that finds more files than this is a pattern mistake, not a matrix. */
const MAX_WALK_ENTRIES = 100_000;

/** `*`, `?` and `**` as a regular expression over `/`-separated relative paths. */
export function globToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "*" && pattern[i + 1] === "*") {
      // `**/` matches zero or more whole segments; a trailing `**` anything.
      const slash = pattern[i + 2] === "/";
      re += slash ? "(?:[^/]*/)*" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (out.length > MAX_WALK_ENTRIES)
      throw new ReportFileError(`more than ${MAX_WALK_ENTRIES} files under ${dir}`);
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** The files a pattern names, sorted; a directory means every `.json` file under it. */
export async function expandReportPattern(pattern: string, cwd: string): Promise<string[]> {
  const abs = isAbsolute(pattern) ? pattern : join(cwd, pattern);
  if (!GLOB_CHARS.test(pattern)) {
    const st = await stat(abs).catch(() => null);
    if (!st) return [];
    if (!st.isDirectory()) return [abs];
    const files: string[] = [];
    await walk(abs, files);
    return files.filter((f) => f.endsWith(".json")).sort();
  }
  const segments = abs.split("/");
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const root = segments.slice(0, firstGlob).join("/") || "/";
  const re = globToRegExp(segments.slice(firstGlob).join("/"));
  const files: string[] = [];
  await walk(root, files);
  return files.filter((f) => re.test(relative(root, f).split(sep).join("/"))).sort();
}

export interface ReadReportSetOptions {
  /** Where relative patterns start; default the process's cwd. */
  cwd?: string;
  /** Put before every message: the Action's input (`report`, `baseline`) the patterns came from. */
  input?: string;
}

/**
 * The report sets that files, directories or globs name, merged into one (a schemaVersion 1
 * report is a set of one). A pattern matching nothing, a file that is no report, or two images
 * with one id: a ReportFileError.
 */
export async function readReportSet(patterns: string[], opts: ReadReportSetOptions = {}): Promise<ReportSet> {
  try {
    return mergeReportSets(await readReportFiles(patterns, opts.cwd), TOOL_VERSION);
  } catch (e) {
    // mergeReportSets' own error (two images with one id) names the files and the id, no content.
    const message = errorMessage(e);
    throw new ReportFileError(opts.input ? `${opts.input}: ${message}` : message);
  }
}

/** Every file the patterns name, each parsed as a set; a pattern that matches nothing is an error. */
export async function readReportFiles(
  patterns: string[],
  cwd: string = process.cwd(),
): Promise<{ path: string; set: ReportSet }[]> {
  const out: { path: string; set: ReportSet }[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const files = await expandReportPattern(pattern, cwd);
    if (!files.length)
      throw new ReportFileError(`no report file matches ${pattern} (did the artifact download step run?)`);
    for (const path of files.filter((f) => !seen.has(f))) {
      seen.add(path);
      out.push({ path, set: (await readReportSetFile(path)).set });
    }
  }
  return out;
}

/** One report file as a set, and the schemaVersion it was written in (1: a single image, 2: a set). */
export async function readReportSetFile(path: string): Promise<{ set: ReportSet; schemaVersion: 1 | 2 }> {
  return parseReportSetText(await readReportText(path), path);
}

/** A report file's text; a file that cannot be read is named with the reason (ENOENT, EACCES, EISDIR). */
export async function readReportText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReportFileError(`cannot read report ${path}${code ? ` (${code})` : ""}`);
  }
}
