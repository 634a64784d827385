// The JSON report: what `run --json` writes and the baseline format the Action stores.
// schemaVersion 1 is a contract (docs/report.md): add optional fields freely, never rename or
// retype one without bumping the version.
import { z } from "zod";
import { HistorySchema } from "./history-schema.js";

export const SCHEMA_VERSION = 1;

/**
 * The JSON Schema generated from ReportSchema (docs/report.schema.json, `npm run generate`) at the
 * major tag. Within schemaVersion 1 fields are only added, never made stricter, so the newest v0
 * schema reads every v0 report; a new schemaVersion comes with a new major tag.
 */
export const REPORT_SCHEMA_URL =
  "https://raw.githubusercontent.com/docker-cache-bench/docker-cache-bench/v0/docs/report.schema.json";

export const StepStatusSchema = z.enum(["done", "cached", "error", "canceled", "running"]);

// --- Build context cost (issue 12). Optional fields: reports written before them still parse.
export const DirCountSchema = z.object({
  /** Context-relative, `/`-separated. */
  path: z.string(),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});

export const ContextCostFields = {
  /**
   * Files and symlinks the context holds, counted by the tool's walk with the real ignore rules
   * (rendered "2.77 MB on disk in 30,005 files"). Not what BuildKit transferred: `transferBytes`.
   */
  files: z.number().int().nonnegative().optional(),
  /** Bytes of those files on disk. */
  bytes: z.number().int().nonnegative().optional(),
  /** True when the walk stopped at its bound (500,000 files): the counts are lower bounds. */
  truncated: z.boolean().optional(),
  /** Seconds of `[internal] load build context` in the cold and the warm build (null: not shown). */
  coldSeconds: z.number().nonnegative().nullable().optional(),
  warmSeconds: z.number().nonnegative().nullable().optional(),
  /** The heaviest top-level directories sent, by files then bytes. */
  topDirs: z.array(DirCountSchema).optional(),
  /** Directories sent that builds usually recreate or never need (docs/rules.md#context-cost). */
  disposable: z
    .array(
      DirCountSchema.extend({ kind: z.enum(["dependencies", "virtualenv", "build-output", "cache", "vcs"]) }),
    )
    .optional(),
};

/** Numbers of one benchmarked build, for a fix verified by building it (src/verify/). */
export const VerifiedRunSchema = z.object({
  coldSeconds: z.number().nonnegative(),
  warmSeconds: z.number().nonnegative(),
  /** Cold `[internal] load build context` seconds, when shown. */
  contextSeconds: z.number().nonnegative().nullable(),
  imageBytes: z.number().int().nonnegative(),
});

/** A fix applied to a temporary copy of the project and benchmarked the same way (--verify-fixes). */
export const VerificationSchema = z.object({
  /** `passed`: the project with the fix built cold and warm; `failed`: it did not, and the fix is withdrawn. */
  status: z.enum(["passed", "failed"]),
  /** The project as it is (this report's numbers). */
  before: VerifiedRunSchema,
  /** The project with the fix; null when its build failed. */
  after: VerifiedRunSchema.nullable(),
  /** Why the build with the fix failed (step and error), when it did. */
  error: z.string().nullable(),
  /**
   * A Dockerfile fix: the steps it moved, as the warm build after the same code change ran
   * them in the project with the fix (`cached`: the fix did what it is for). Absent for a
   * .dockerignore fix.
   */
  steps: z
    .array(z.object({ instruction: z.string(), line: z.number().int().positive(), cached: z.boolean() }))
    .optional(),
});

/** Lines of the Dockerfile: first and last line of one instruction (1-based). */
export const LineRangeSchema = z.object({
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
});

/**
 * The fix of a reorder rule in a form a program can apply to the Dockerfile the report names
 * (--verify-fixes does; so could a bot opening a pull request): insert lines before and after one
 * instruction and remove the instructions that moved. Line numbers are the original file's.
 */
export const DockerfileEditSchema = z.object({
  /** The instruction the new lines go around (the COPY the moved steps must run before). */
  anchor: LineRangeSchema,
  /** Dockerfile lines put before the anchor, in order. */
  before: z.array(z.string()),
  /** Dockerfile lines put right after the anchor (e.g. installing the project itself). */
  after: z.array(z.string()),
  /** Instructions removed from where they were: the ones that moved above the anchor. */
  remove: z.array(LineRangeSchema),
});
// --- end of build context cost

export const FindingSchema = z.object({
  /** Stable kebab-case id, documented in docs/rules.md. */
  rule: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** 1-based Dockerfile line the finding is about, or null. */
  line: z.number().int().positive().nullable(),
  /** `warning`: costs time or bytes on every build (annotated as a warning); `notice`: advice. */
  severity: z.enum(["warning", "notice"]),
  /** What happened, measured where possible ("rebuilt after a code change and took 41.2 s"). */
  message: z.string(),
  /** The concrete fix, may span lines (markdown-free text; Dockerfile snippets indented). */
  fix: z.string(),
  /** Seconds this costs per build (warm), where measured. */
  seconds: z.number().nonnegative().nullable(),
  /** Bytes this costs in the image, where measured. */
  bytes: z.number().int().nonnegative().nullable().optional(),
  /** The fix as an edit of the Dockerfile, for the rules whose fix is a reorder; absent otherwise or once withdrawn. */
  edit: DockerfileEditSchema.optional(),
  /** The fix, built and measured in a temporary copy (--verify-fixes); absent when not verified. */
  verification: VerificationSchema.optional(),
  /**
   * A fix --verify-fixes could have built but did not. `reason` `cap`: the run had built `limit`
   * fixes already (MAX_VERIFIED_FIXES, docs/rules.md#verified-fixes). Absent otherwise.
   */
  notVerified: z.object({ reason: z.string(), limit: z.number().int().positive() }).optional(),
});

export const ReportStepSchema = z.object({
  name: z.string().nullable(),
  instruction: z.string().nullable(),
  stage: z.string().nullable(),
  platform: z.string().nullable(),
  status: StepStatusSchema,
  seconds: z.number().nonnegative().nullable(),
  line: z.number().int().positive().nullable(),
  error: z.string().nullable(),
  /** Seconds from the build's start to the step's start / end: from rawjson timestamps, or
   *  (plain progress) from when the tool saw the step's first and terminal lines. Optional. */
  startOffset: z.number().nonnegative().nullable().optional(),
  endOffset: z.number().nonnegative().nullable().optional(),
  /**
   * True when the step began before this build did: BuildKit ran it once for this build and
   * another one on the same daemon that had the identical step in progress, so its status and
   * seconds are the other build's. Absent otherwise (and in reports of earlier versions).
   */
  shared: z.boolean().optional(),
});

export const BuildRunSchema = z.object({
  wallSeconds: z.number().nonnegative(),
  format: z.enum(["plain", "rawjson"]),
  imageId: z.string().nullable(),
  steps: z.array(ReportStepSchema),
});

export const LayerSchema = z.object({
  createdBy: z.string(),
  instruction: z.string(),
  /** Uncompressed: exact on the classic store, 4 KiB-block disk usage on the containerd store. */
  sizeBytes: z.number().int().nonnegative(),
  emptyLayer: z.boolean(),
  /** `base`: from the image the final stage starts FROM; `dockerfile`: made by this build; null: not known. Optional. */
  source: z.enum(["base", "dockerfile"]).nullable().optional(),
});

export const TouchedFileSchema = z.object({
  path: z.string(),
  reason: z.string(),
  line: z.number().int().positive().nullable(),
});

export const SummarySchema = z.object({
  /** Dockerfile steps seen in the warm build (FROM and internal vertexes excluded). */
  steps: z.number().int().nonnegative(),
  rebuiltSteps: z.number().int().nonnegative(),
  cachedSteps: z.number().int().nonnegative(),
  /** cachedSteps / steps; null when the warm build had no Dockerfile steps. */
  cacheHitRatio: z.number().min(0).max(1).nullable(),
  coldSeconds: z.number().nonnegative(),
  warmSeconds: z.number().nonnegative(),
  /** Sum of the warm build's rebuilt step durations. */
  warmRebuiltSeconds: z.number().nonnegative(),
  /** The first step the touch invalidated (by Dockerfile order), if any. */
  firstRebuilt: z.object({ name: z.string(), line: z.number().int().positive().nullable() }).nullable(),
});

export const ReportSchema = z.object({
  /** REPORT_SCHEMA_URL, for editors and validators. Optional: older reports lack it. */
  $schema: z.string().optional(),
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal("docker-cache-bench"), version: z.string() }),
  createdAt: z.string(),
  build: z.object({
    /** As given on the command line (relative paths stay relative). */
    context: z.string(),
    dockerfile: z.string(),
    target: z.string().nullable(),
    platform: z.string().nullable(),
    /** Names only: values can hold secrets and are never written. */
    buildArgs: z.array(z.string()),
  }),
  docker: z.object({
    mode: z.enum(["buildx", "builtin"]),
    clientVersion: z.string(),
    serverVersion: z.string(),
    buildxVersion: z.string().nullable(),
    driver: z.string(),
  }),
  cold: BuildRunSchema,
  warm: BuildRunSchema,
  /** Paths (relative to the context, `/`-separated) the synthetic touch changed. */
  touched: z.array(z.string()),
  touch: z.object({
    /** False when the warm build rebuilt no Dockerfile step: the touch did not reach the build. */
    effective: z.boolean(),
    files: z.array(TouchedFileSchema),
  }),
  image: z.object({
    id: z.string(),
    /** The primary size, of the kind `sizeKind` says: `uncompressed` in reports of this version and later. */
    sizeBytes: z.number().int().nonnegative(),
    /** Reports written before `sizes` hold `compressed` here when they came from the containerd store. */
    sizeKind: z.enum(["uncompressed", "compressed"]),
    /** Every size the store measured, each of its kind (read them with src/report/size.ts). Optional. */
    sizes: z
      .object({
        /** Sum of the history layer sizes (unpacked). */
        uncompressed: z.number().int().nonnegative(),
        /** `exact` bytes (classic store) or disk usage in `4KiB-blocks` (containerd store). */
        uncompressedRounding: z.enum(["exact", "4KiB-blocks"]),
        /** The image's content as stored (compressed layers) where the store keeps it; else null. */
        compressed: z.number().int().nonnegative().nullable(),
      })
      .optional(),
    storageDriver: z.string(),
    layers: z.array(LayerSchema),
  }),
  summary: SummarySchema,
  /**
   * Where the measured code came from, when known (the Action fills it from the event; the CLI
   * from git when the context is in a repository). Optional: older reports lack it.
   */
  source: z
    .object({
      commit: z.string().nullable(),
      branch: z.string().nullable(),
      pullRequest: z.number().int().positive().nullable(),
      baseCommit: z.string().nullable(),
      baseBranch: z.string().nullable(),
    })
    .optional(),
  /** The Action's benchmark id (comment marker and baseline key). Optional. */
  benchmarkId: z.string().optional(),
  /** What the build context looked like to the daemon. Optional. */
  context: z
    .object({
      /**
       * Bytes BuildKit reported for `transferring context` in the cold build (rendered "BuildKit
       * transferred 898 kB"); null if not shown. Usually under `bytes`: BuildKit sends only what
       * its copy of the context from an earlier build lacks, and only the paths COPY/ADD ask for.
       */
      transferBytes: z.number().int().nonnegative().nullable(),
      /** Whether a .dockerignore (or `<Dockerfile>.dockerignore`) applies. */
      dockerignore: z.boolean(),
      /** Whether the context has a `.git` directory that the ignore rules let through. */
      gitSent: z.boolean(),
      ...ContextCostFields,
    })
    .optional(),
  /** Diagnosis of the cache and image (docs/rules.md); empty when nothing is worth saying. */
  findings: z.array(FindingSchema).default([]),
  /** Warm builds beyond the first (`repeat` > 1): wall seconds of each, in order. Optional. */
  warmRepeats: z.array(z.number().nonnegative()).optional(),
  /**
   * The engine's own build records (Docker ≥ 24, docker driver): BuildKit's counts against the
   * parsed log, then deleted (they keep build-arg values). Optional: absent where none are kept.
   */
  records: z
    .object({
      /** Why records were not read or not all checked; null when all went through. */
      note: z.string().nullable(),
      builds: z.array(
        z.object({
          phase: z.enum(["cold", "warm"]),
          /** BuildKit's counts: every vertex of the build, internal and export ones included. */
          vertices: z.number().int().nonnegative(),
          cachedVertices: z.number().int().nonnegative(),
          /** The same counts from the parsed log; null when it cannot say (plain progress). */
          parsedVertices: z.number().int().nonnegative().nullable(),
          parsedCachedVertices: z.number().int().nonnegative().nullable(),
        }),
      ),
      /** Where a record and the parsed log disagree (also printed as warnings). */
      warnings: z.array(z.string()),
      /** Records of this run deleted. */
      deleted: z.number().int().nonnegative(),
    })
    .optional(),
  /**
   * Baselines saved from a branch: the branch's last points (src/report/history.ts), oldest
   * first, this run last. Optional: reports of pull requests and older baselines lack it.
   */
  history: HistorySchema.optional(),
});

/** A failed build's error as its record keeps it, read before the run deletes the record. */
export const RecordedFailureSchema = z.object({
  /** BuildKit's error message (redacted). */
  message: z.string(),
  /** The Dockerfile as BuildKit's frontend named it, and the 1-based lines the error points at. */
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  endLine: z.number().int().positive().nullable(),
  /** The failing vertex's name, its exit code and its last output lines, from the record. */
  step: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  logTail: z.array(z.string()),
  /** Where the record and the parsed log say different things (step, line, exit code); empty when they agree. */
  disagreements: z.array(z.string()),
});

/** Why a build failed: what the CLI prints, the Action annotates and the failed report keeps. */
export const BuildErrorSchema = z.object({
  /** Which build failed: `cold` (the commit as it is) or `warm` (after the synthetic touch). */
  phase: z.enum(["cold", "warm"]),
  /** The failing step's name as BuildKit printed it, or null when the log named none. */
  step: z.string().nullable(),
  /** 1-based Dockerfile line of the failing instruction, or null. */
  line: z.number().int().positive().nullable(),
  /** The failing command's exit code, when BuildKit reported one. */
  exitCode: z.number().int().nullable(),
  /** One line: what failed, where, and BuildKit's error. */
  message: z.string(),
  /** The failing step's last output lines (bounded, redacted): the parsed log's, else the record's. */
  logTail: z.array(z.string()),
  /** The failing instruction's last line when it spans several (`RUN a && \` …). Optional, added later. */
  endLine: z.number().int().positive().nullable().optional(),
  /**
   * Where `step`, `line` and `endLine` come from: BuildKit's build record (its structured error,
   * preferred) or the parsed progress log. Optional: absent where the engine keeps no records.
   */
  source: z.enum(["record", "log"]).optional(),
  /** The failed build's record as BuildKit kept it (Docker ≥ 24, docker driver). Optional. */
  record: RecordedFailureSchema.optional(),
});

/**
 * What `run --json` and the Action write when a build fails: who, what was being built, the
 * builds that ran (the failing one up to its error) and the error. Never a baseline.
 */
export const FailedReportSchema = ReportSchema.pick({
  $schema: true,
  schemaVersion: true,
  tool: true,
  createdAt: true,
  build: true,
  docker: true,
  benchmarkId: true,
  source: true,
}).extend({
  cold: BuildRunSchema,
  /** The warm build, when it was the one that failed. */
  warm: BuildRunSchema.nullable(),
  error: BuildErrorSchema,
});

export type Report = z.infer<typeof ReportSchema>;
export type BuildError = z.infer<typeof BuildErrorSchema>;
export type RecordedError = z.infer<typeof RecordedFailureSchema>;
export type FailedReport = z.infer<typeof FailedReportSchema>;
export type ReportStep = z.infer<typeof ReportStepSchema>;
export type BuildRun = z.infer<typeof BuildRunSchema>;
export type Summary = z.infer<typeof SummarySchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type Verification = z.infer<typeof VerificationSchema>;
export type VerifiedRun = z.infer<typeof VerifiedRunSchema>;
export type DockerfileEdit = z.infer<typeof DockerfileEditSchema>;
export type LineRange = z.infer<typeof LineRangeSchema>;
export type ContextFacts = NonNullable<Report["context"]>;

/** Parses and validates a report (e.g. a stored baseline); the error names the first bad field. */
/**
 * A report from JSON text. A syntax error names where it is, never what is there: the file may be
 * anything the user pointed at (`/etc/shadow`), and V8's message quotes its first characters.
 */
export function parseReportText(text: string): Report {
  return parseReport(parseJsonText(text));
}

/**
 * JSON.parse whose error never quotes the text: V8's message shows the first characters of it
 * (`"root:*:202"…` for /etc/shadow), and the file may be anything a user or a workflow named.
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(e instanceof Error ? e.message : "")?.[1];
    const what =
      text.trim() === "" ? "empty" : `not valid JSON${at ? ` (syntax error at character ${at})` : ""}`;
    throw new Error(what);
  }
}

export function parseReport(json: unknown): Report {
  const failed = FailedReportSchema.safeParse(json);
  if (failed.success) {
    throw new Error(`a report of a failed build, nothing to compare: ${failed.data.error.message}`);
  }
  const r = ReportSchema.safeParse(json);
  if (r.success) return r.data;
  // A history this version cannot read (a later version's point kind) must not cost the baseline.
  if (r.error.issues.every((i) => i.path[0] === "history") && isObject(json)) {
    const { history: _dropped, ...rest } = json;
    return parseReport(rest);
  }
  const issue = r.error.issues[0];
  const where = issue?.path.join(".") || "(root)";
  throw new Error(
    `not a docker-cache-bench report (schemaVersion 1): ${where}: ${issue?.message ?? "invalid"}`,
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
