// Many images in one document (schemaVersion 2): a bake file's targets, a compose file's services,
// or the reports of a matrix's jobs merged by a final step. Each entry is a whole schemaVersion 1
// report (or a failed-build report), so one entry can be taken out, stored as that image's
// baseline and compared exactly as a single image is. A single-image run still writes
// schemaVersion 1; every reader here takes both (a version 1 file is a set of one).
import { z } from "zod";
import {
  FailedReportSchema,
  parseReport,
  REPORT_SCHEMA_URL,
  ReportSchema,
  type FailedReport,
  type Report,
} from "./schema.js";

export const REPORT_SET_VERSION = 2;

export const ImageEntrySchema = z.object({
  /**
   * What identifies the image from run to run: its row in the comment and its baseline key. A bake
   * target's or compose service's name (with the platform when a target has several), else the
   * report's benchmarkId, else context:dockerfile:target:platform.
   */
  id: z.string().min(1),
  /** The image's report, or null when its build failed (then `failed` is set). */
  report: ReportSchema.nullable(),
  /** The failed-build report when the build failed, else null. */
  failed: FailedReportSchema.nullable(),
});

export const ReportSetSchema = z.object({
  $schema: z.string().optional(),
  schemaVersion: z.literal(REPORT_SET_VERSION),
  tool: z.object({ name: z.literal("docker-cache-bench"), version: z.string() }),
  createdAt: z.string(),
  /** Where the images were named: the bake or compose file(s) and the targets asked for; null for a merge of reports. */
  bake: z.object({ files: z.array(z.string()), targets: z.array(z.string()) }).nullable(),
  /** The Action's benchmark id of the whole set (its comment marker). Optional. */
  benchmarkId: z.string().optional(),
  images: z.array(ImageEntrySchema).min(1),
});

export type ImageEntry = z.infer<typeof ImageEntrySchema>;
export type ReportSet = z.infer<typeof ReportSetSchema>;

/** Sets the CLI and Action write; failed builds are kept so a comment can name them. */
export function makeReportSet(
  images: ImageEntry[],
  over: { version: string; bake?: ReportSet["bake"]; benchmarkId?: string },
): ReportSet {
  return {
    $schema: REPORT_SCHEMA_URL,
    schemaVersion: REPORT_SET_VERSION,
    tool: { name: "docker-cache-bench", version: over.version },
    createdAt: new Date().toISOString(),
    bake: over.bake ?? null,
    ...(over.benchmarkId ? { benchmarkId: over.benchmarkId } : {}),
    images,
  };
}

/**
 * One image per context/Dockerfile/target/platform unless named: the Action's default
 * benchmark id (its comment marker and baseline key), and the id of a report that carries none.
 */
export function defaultBenchmarkId(
  context: string,
  file: string | null,
  target: string | null,
  platform: string | null = null,
): string {
  return [context, file, target, platform].filter((x): x is string => !!x).join(":");
}

/** The id of an image measured alone: its benchmarkId, else what it built. */
export function imageIdOf(r: Report | FailedReport): string {
  if (r.benchmarkId) return r.benchmarkId;
  const b = r.build;
  return defaultBenchmarkId(
    b.context,
    b.dockerfile === "Dockerfile" ? null : b.dockerfile,
    b.target,
    b.platform,
  );
}

export function entryOf(r: Report | FailedReport, id = imageIdOf(r)): ImageEntry {
  return "error" in r ? { id, report: null, failed: r } : { id, report: r, failed: null };
}

/**
 * Any report file's JSON as a set: schemaVersion 2 as it is, a version 1 report (or failed-build
 * report) as a set of one. The error names the first bad field.
 */
export function parseReportSet(json: unknown): ReportSet {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === REPORT_SET_VERSION) {
    const r = ReportSetSchema.safeParse(json);
    if (r.success) return checkUniqueIds(r.data);
    const readable = withoutUnreadableHistories(json, r.error.issues);
    if (readable) return parseReportSet(readable);
    const issue = r.error.issues[0];
    throw new Error(
      `not a docker-cache-bench report set (schemaVersion 2): ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const failed = FailedReportSchema.safeParse(json);
  if (failed.success) return single(failed.data);
  const r = ReportSchema.safeParse(json);
  if (r.success) return single(r.data);
  if (r.error.issues.every((i) => i.path[0] === "history")) return single(parseReport(json));
  const issue = r.error.issues[0];
  throw new Error(
    `not a docker-cache-bench report (schemaVersion 1 or 2): ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
  );
}

/**
 * The set without the `history` of the entries whose history this version cannot read (a later
 * version's kind of point), as parseReport drops it from a single report: it must not cost the
 * baselines. Null when an issue lies anywhere else.
 */
function withoutUnreadableHistories(json: unknown, issues: { path: PropertyKey[] }[]): unknown {
  const entries = new Set<number>();
  for (const { path } of issues) {
    const [images, index, report, history] = path;
    if (images !== "images" || typeof index !== "number" || report !== "report" || history !== "history")
      return null;
    entries.add(index);
  }
  const copy = structuredClone(json) as { images: { report: Record<string, unknown> }[] };
  for (const i of entries) delete copy.images[i]?.report.history;
  return copy;
}

function single(r: Report | FailedReport): ReportSet {
  return {
    ...(r.$schema ? { $schema: r.$schema } : {}),
    schemaVersion: REPORT_SET_VERSION,
    tool: r.tool,
    createdAt: r.createdAt,
    bake: null,
    ...(r.benchmarkId ? { benchmarkId: r.benchmarkId } : {}),
    images: [entryOf(r)],
  };
}

/** Two entries with one id would share a row and a baseline: refuse, saying how to tell them apart. */
function checkUniqueIds(set: ReportSet): ReportSet {
  const seen = new Set<string>();
  for (const e of set.images) {
    if (seen.has(e.id)) {
      throw new Error(
        `two images have the id "${e.id}": give each matrix job its own benchmark-id (e.g. benchmark-id: \${{ matrix.target }})`,
      );
    }
    seen.add(e.id);
  }
  return set;
}

/** Several files (a matrix's downloaded artifacts) as one set, in the order given; one set keeps its name and bake source. */
export function mergeReportSets(sets: { path: string; set: ReportSet }[], version: string): ReportSet {
  const images = sets.flatMap((s) => s.set.images);
  if (!images.length) throw new Error("no report to merge");
  const one = sets.length === 1 ? sets[0]?.set : undefined;
  try {
    return checkUniqueIds(
      makeReportSet(images, {
        version,
        ...(one?.bake ? { bake: one.bake } : {}),
        ...(one?.benchmarkId ? { benchmarkId: one.benchmarkId } : {}),
      }),
    );
  } catch (e) {
    const where = sets.map((s) => s.path).join(", ");
    throw new Error(`${e instanceof Error ? e.message : String(e)} (reports: ${where})`);
  }
}

/** The single report a set of one successful image stands for (what single-image code takes); else null. */
export function soleReport(set: ReportSet): Report | null {
  return set.images.length === 1 ? (set.images[0]?.report ?? null) : null;
}

/** A set of one image written as that image's own report (schemaVersion 1), else the set. */
export function toReportFile(set: ReportSet): ReportSet | Report | FailedReport {
  const only = set.images.length === 1 && !set.bake ? set.images[0] : undefined;
  return only ? (only.report ?? (only.failed as FailedReport)) : set;
}
