// The Action's inputs: read once (the only core.getInput caller), validated by one zod schema,
// mapped from kebab-case to one typed object. A bad value fails with the input's name and an
// accepted example. Defaults live in action.yml and here, nowhere else.
import * as core from "@actions/core";
import { z } from "zod";
import type { Growth } from "./action/units.js";
import { parseBudget, type BudgetName } from "./compare/budgets.js";
import { refusedBuildArgName, splitBuildArg } from "./docker/build.js";
import { secretFromInput, splitPair, type BuildOptions } from "./docker/build-options.js";
import { UsageError } from "./errors.js";
import { MAX_REPEAT } from "./limits.js";
import { DEFAULT_HISTORY_LENGTH } from "./report/history.js";
import { defaultBenchmarkId } from "./report/report-set.js";
import { SIZE_KINDS, type SizeKind } from "./report/size.js";

export const INPUT_NAMES = [
  "context",
  "file",
  "target",
  "platform",
  "build-args",
  "touch",
  "builder",
  "docker",
  "benchmark-id",
  "baseline",
  "baseline-branches",
  "history-length",
  "bake",
  "bake-targets",
  "report",
  "comment",
  "comment-author",
  "github-token",
  "size-kind",
  "max-image-size",
  "max-image-growth",
  "max-warm-seconds",
  "min-cache-hit-ratio",
  "fail-on-cache-regression",
  "noise-seconds",
  "noise-percent",
  "repeat",
  "secrets",
  "secret-files",
  "secret-envs",
  "ssh",
  "build-contexts",
  "network",
  "add-hosts",
  "allow",
  "shm-size",
  "ulimit",
  "verify-fixes",
] as const;

export type InputName = (typeof INPUT_NAMES)[number];
export type RawInputs = Record<InputName, string>;

/** A budget through the one parser the CLI uses too (compare/budgets.ts). */
const budget = <K extends Exclude<BudgetName, "fail-on-cache-regression">>(name: K) =>
  z.string().transform((s, ctx) => {
    const r = parseBudget(name, s);
    if ("error" in r) {
      ctx.addIssue({ code: "custom", message: r.error });
      return null;
    }
    return r.value;
  });

const lines = z.string().transform((s) =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#")),
);

const choice = <T extends string>(name: string, values: readonly T[], fallback: T) =>
  z.string().transform((s, ctx): T => {
    const v = (s.trim() || fallback) as T;
    if (!values.includes(v)) {
      ctx.addIssue({ code: "custom", message: `${name}: must be one of ${values.join(", ")}, got "${s}"` });
    }
    return v;
  });

const bool = (name: string, fallback: boolean) =>
  z.string().transform((s, ctx) => {
    const t = s.trim().toLowerCase();
    if (t === "") return fallback;
    if (["true", "yes", "1"].includes(t)) return true;
    if (["false", "no", "0"].includes(t)) return false;
    ctx.addIssue({ code: "custom", message: `${name}: must be true or false, got "${s}"` });
    return fallback;
  });

const number = (
  name: string,
  fallback: number,
  min: number,
  example: string,
  integer = false,
  max = Infinity,
) =>
  z.string().transform((s, ctx) => {
    if (s.trim() === "") return fallback;
    const v = Number(s.trim());
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      const range = max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
      ctx.addIssue({
        code: "custom",
        message: `${name}: must be ${integer ? "a whole number" : "a number"} ${range}, got "${s}" (example: ${example})`,
      });
    }
    return v;
  });

const BuildArgs = lines.transform((items, ctx) => {
  const out: Record<string, string> = {};
  items.forEach((item, i) => {
    const arg = splitBuildArg(item);
    // The line may be a secret pasted wrong: say which line, never what is on it.
    if (!arg || arg.value === null) {
      ctx.addIssue({
        code: "custom",
        message: `build-args: entry ${i + 1} (blank and # lines not counted) is not KEY=VALUE with a valid name (example: BASE=python:3.12-slim)`,
      });
      return;
    }
    const refused = refusedBuildArgName(arg.key);
    if (refused) ctx.addIssue({ code: "custom", message: `build-args: ${refused}` });
    else out[arg.key] = arg.value;
  });
  return out;
});

/** One item per line or comma (build-push-action's list inputs). */
const list = lines.transform((l) =>
  l
    .flatMap((x) => x.split(","))
    .map((x) => x.trim())
    .filter(Boolean),
);

/** Lines through a parser that throws a UsageError naming the input. */
const parsedLines = <T>(parse: (line: string) => T) =>
  lines.transform((items, ctx) => {
    const out: T[] = [];
    for (const item of items) {
      try {
        out.push(parse(item));
      } catch (e) {
        ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : String(e) });
      }
    }
    return out;
  });

export const InputsSchema = z.object({
  context: z.string().transform((s) => s.trim() || "."),
  file: z.string().transform((s) => s.trim() || null),
  target: z.string().transform((s) => s.trim() || null),
  platform: z.string().transform((s) => s.trim() || null),
  "build-args": BuildArgs,
  touch: lines,
  builder: z.string().transform((s) => s.trim() || null),
  docker: z.string().transform((s) => s.trim() || "docker"),
  "benchmark-id": z.string().transform((s) => s.trim() || null),
  baseline: z.string().transform((s) => s.trim() || "cache"),
  "baseline-branches": lines.transform((l) =>
    l
      .flatMap((x) => x.split(","))
      .map((x) => x.trim())
      .filter(Boolean),
  ),
  "history-length": number("history-length", DEFAULT_HISTORY_LENGTH, 0, "30", true),
  bake: lines,
  "bake-targets": list,
  report: lines,
  comment: choice("comment", ["always", "on-change", "never"] as const, "always"),
  "comment-author": z.string().transform((s) => s.trim() || null),
  "github-token": z.string(),
  "size-kind": choice("size-kind", SIZE_KINDS, "uncompressed"),
  "max-image-size": budget("max-image-size"),
  "max-image-growth": budget("max-image-growth"),
  "max-warm-seconds": budget("max-warm-seconds"),
  "min-cache-hit-ratio": budget("min-cache-hit-ratio"),
  "fail-on-cache-regression": bool("fail-on-cache-regression", false),
  "noise-seconds": number("noise-seconds", 2, 0, "2"),
  "noise-percent": number("noise-percent", 10, 0, "10"),
  repeat: number("repeat", 1, 1, "3", true, MAX_REPEAT),
  secrets: parsedLines((l) => secretFromInput("value", l, "secrets")),
  "secret-files": parsedLines((l) => secretFromInput("file", l, "secret-files")),
  "secret-envs": parsedLines((l) => secretFromInput("env", l, "secret-envs")),
  ssh: lines,
  "build-contexts": parsedLines((l) => splitPair(l, "build-contexts", "assets=./assets")),
  network: z.string().transform((s) => s.trim() || null),
  "add-hosts": list,
  allow: list,
  "shm-size": z.string().transform((s) => s.trim() || null),
  ulimit: lines,
  "verify-fixes": bool("verify-fixes", false),
});

type Parsed = z.output<typeof InputsSchema>;

export interface Inputs {
  context: string;
  file: string | null;
  target: string | null;
  platform: string | null;
  buildArgs: Record<string, string>;
  touch: string[];
  builder: string | null;
  docker: string;
  benchmarkId: string;
  /** Whether the user named the benchmark (in report mode an unnamed one takes the report's id). */
  benchmarkIdGiven: boolean;
  baseline: { kind: "cache" } | { kind: "build" } | { kind: "none" } | { kind: "file"; path: string };
  baselineBranches: string[];
  /** Points of the branch's history a saved baseline carries (0: none). */
  historyLength: number;
  /** Bake or compose files read together (`docker buildx bake -f … -f …`); empty: one image from context/file/target. */
  bake: string[];
  /** Targets or groups of the bake file; empty: its default group. */
  bakeTargets: string[];
  /** Report files, directories or globs to compare and comment on instead of building; empty: build. */
  report: string[];
  comment: "always" | "on-change" | "never";
  /** Login the sticky comment is posted as; null: find out from the token. */
  commentAuthor: string | null;
  githubToken: string;
  budgets: {
    /** The kind of image size budgets and comparisons use (the same on both sides). */
    sizeKind: SizeKind;
    maxImageSize: number | null;
    maxImageGrowth: Growth | null;
    maxWarmSeconds: number | null;
    minCacheHitRatio: number | null;
    failOnCacheRegression: boolean;
  };
  noise: { seconds: number; ratio: number };
  repeat: number;
  buildOptions: BuildOptions;
  /** Build each verifiable fix in a temporary copy of the project and report what it measured. */
  verifyFixes: boolean;
}

/** Validates raw input strings (as the runner passes them) into Inputs; throws one UsageError listing every problem. */
export function parseInputs(raw: RawInputs): Inputs {
  const r = InputsSchema.safeParse(raw);
  if (!r.success) throw new UsageError(r.error.issues.map((i) => i.message).join("; "));
  const problems = conflicts(r.data);
  if (problems.length) throw new UsageError(problems.join("; "));
  return toInputs(r.data);
}

/** Inputs that cannot go together: a bake file names each image's context, Dockerfile, stage and touch. */
function conflicts(p: Parsed): string[] {
  const out: string[] = [];
  if (p["bake-targets"].length && !p.bake.length)
    out.push("bake-targets: needs bake (the bake or compose file the targets are in)");
  if (!p.bake.length) return out;
  if (p.report.length)
    out.push(
      "bake and report: give one (bake builds the images, report reads reports of images built elsewhere)",
    );
  const perImage: [string, boolean, string][] = [
    ["file", p.file !== null, "the bake file names each target's Dockerfile"],
    ["target", p.target !== null, "the bake file names each target's stage; pick targets with bake-targets"],
    ["touch", p.touch.length > 0, "the touch is chosen per image from its own Dockerfile"],
  ];
  for (const [name, set, why] of perImage) if (set) out.push(`${name}: not taken with bake (${why})`);
  return out;
}

export function readInputs(): Inputs {
  const raw = Object.fromEntries(INPUT_NAMES.map((n) => [n, core.getInput(n)])) as RawInputs;
  const inputs = parseInputs(raw);
  // The runner masks only what it knows is secret: a value typed into `secrets:` (not from
  // `${{ secrets.… }}`) would otherwise show in any log line that prints it.
  for (const s of inputs.buildOptions.secrets) if (s.source.kind === "value") core.setSecret(s.source.value);
  return inputs;
}

function toInputs(p: Parsed): Inputs {
  const baseline: Inputs["baseline"] =
    p.baseline === "cache" || p.baseline === "build" || p.baseline === "none"
      ? { kind: p.baseline }
      : { kind: "file", path: p.baseline };
  return {
    context: p.context,
    file: p.file,
    target: p.target,
    platform: p.platform,
    buildArgs: p["build-args"],
    touch: p.touch,
    builder: p.builder,
    docker: p.docker,
    // A bake run's comment is named after its file, as the CLI's `run --bake` names it.
    benchmarkId:
      p["benchmark-id"] ??
      (p.bake.length ? p.bake.join(",") : defaultBenchmarkId(p.context, p.file, p.target, p.platform)),
    benchmarkIdGiven: p["benchmark-id"] !== null,
    baseline,
    baselineBranches: p["baseline-branches"],
    historyLength: p["history-length"],
    bake: p.bake,
    bakeTargets: p["bake-targets"],
    report: p.report,
    comment: p.comment,
    commentAuthor: p["comment-author"],
    githubToken: p["github-token"],
    budgets: {
      sizeKind: p["size-kind"],
      maxImageSize: p["max-image-size"],
      maxImageGrowth: p["max-image-growth"],
      maxWarmSeconds: p["max-warm-seconds"],
      minCacheHitRatio: p["min-cache-hit-ratio"],
      failOnCacheRegression: p["fail-on-cache-regression"],
    },
    noise: { seconds: p["noise-seconds"], ratio: p["noise-percent"] / 100 },
    repeat: p.repeat,
    buildOptions: {
      secrets: [...p.secrets, ...p["secret-files"], ...p["secret-envs"]],
      ssh: p.ssh,
      buildContexts: Object.fromEntries(p["build-contexts"]),
      network: p.network,
      addHosts: p["add-hosts"],
      allow: p.allow,
      shmSize: p["shm-size"],
      ulimits: p.ulimit,
    },
    verifyFixes: p["verify-fixes"],
  };
}
