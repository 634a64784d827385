import { createRequire as __dcbCreateRequire } from "node:module"; const require = __dcbCreateRequire(import.meta.url);
import {
  BuildFailedError,
  COLUMNS,
  MAX_REPEAT,
  NO_BASELINE,
  ReportFileError,
  SIZE_KINDS,
  TOOL_VERSION,
  UsageError,
  baselinesFromSet,
  cell,
  coldCell,
  commentMarker,
  compareImages,
  compareReports,
  contextCostLine,
  contextSizeText,
  createProgressParser,
  createRedactor,
  defaultStateDir,
  describeProgress,
  detectFormat,
  errorMessage,
  evaluateGates,
  failedGatesMessage,
  failedImagesMessage,
  formatBytes,
  formatPercent,
  formatSeconds,
  gatesCell,
  headValue,
  historyOf,
  imageSize,
  isFromRow,
  joinSteps,
  oneLine,
  parseBudgets,
  parseJsonText,
  parseReport,
  parseSecretFlag,
  readReportSet,
  readReportSetFile,
  readReportText,
  readSecretValues,
  refusedBuildArgName,
  renderComparisonMarkdown,
  renderComparisonTerminal,
  renderFailureMarkdown,
  renderFailureTerminal,
  renderFindingsTerminal,
  renderGatesMarkdown,
  renderGatesTerminal,
  renderImagesComment,
  renderMarkdown,
  renderTrendTerminal,
  resolveBake,
  runBake,
  runBenchmark,
  splitBuildArg,
  splitPair,
  statusCell,
  stepNotes,
  stepText,
  stripControl,
  trendOf,
  truncate,
  verifyFixes,
  warmCell,
  writeFileReplacing
} from "./chunk-RHC4MNNI.js";
import {
  createLineSplitter
} from "./chunk-C6J2NVIC.js";

// src/cli/args.ts
import { parseArgs as parseArgs2 } from "node:util";

// src/cli/history.ts
import { parseArgs } from "node:util";

// src/report/versioned.ts
var OUTPUT_KINDS = {
  parse: { kind: "docker-cache-bench/parse", schemaVersion: 1 },
  comparison: { kind: "docker-cache-bench/comparison", schemaVersion: 1 },
  history: { kind: "docker-cache-bench/history", schemaVersion: 1 },
  /** `history` of a report set: one entry per image (as a set is schemaVersion 2 of the report). */
  historySet: { kind: "docker-cache-bench/history", schemaVersion: 2 }
};
function versioned(kind, body) {
  return { ...OUTPUT_KINDS[kind], ...body };
}

// src/cli/history.ts
function parseHistoryArgs(args2) {
  const { values, positionals } = parseArgs({
    args: args2,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      "size-kind": { type: "string" },
      image: { type: "string", multiple: true }
    }
  });
  const [file] = positionals;
  if (!file || positionals.length > 1)
    throw new UsageError("history takes one report file (a baseline or a report set)");
  const kind = values["size-kind"] ?? "uncompressed";
  if (!SIZE_KINDS.includes(kind))
    throw new UsageError(`--size-kind must be ${SIZE_KINDS.join(" or ")}, got "${kind}"`);
  const images = values.image ?? [];
  if (images.some((id) => !id))
    throw new UsageError("--image takes an image id (a bake target or benchmark id)");
  return { command: "history", file, images, json: values.json ?? false, sizeKind: kind };
}
async function historyCommand(args2, output) {
  const { set, schemaVersion } = await readReportSetFile(args2.file);
  const multi = schemaVersion === 2;
  const images = selectImages(set.images, args2.images, args2.file).map((e) => imageHistory(e, args2.sizeKind));
  if (args2.json) {
    const doc = multi ? versioned("historySet", { images }) : versioned("history", { ...withoutIdAndFailed(images[0]) });
    output.out(JSON.stringify(doc, null, 2) + "\n");
    return 0;
  }
  const lines = multi ? [
    `History of ${args2.file}: ${count(set.images.length, "image")}, each its own baseline${images.length < set.images.length ? ` (${images.length} shown)` : ""}`,
    ...images.flatMap((h) => ["", ...renderImageHistory(h, `== ${h.id}`)])
  ] : renderImageHistory(images[0], `History of ${args2.file}`);
  output.out(lines.join("\n") + "\n");
  return 0;
}
function withoutIdAndFailed(h) {
  const { id: _id, failed: _failed, ...rest } = h;
  return rest;
}
function selectImages(images, wanted, file) {
  if (!wanted.length) return images;
  const ids = images.map((e) => e.id);
  const unknown = wanted.filter((id) => !ids.includes(id));
  if (unknown.length)
    throw new UsageError(
      `${file} has no image ${unknown.map((id) => `"${id}"`).join(", ")} (its images: ${ids.join(", ")})`
    );
  return images.filter((e) => wanted.includes(e.id));
}
function imageHistory(e, kind) {
  const r = e.report ?? e.failed;
  const common = { id: e.id, benchmarkId: r?.benchmarkId ?? null, branch: r?.source?.branch ?? null };
  if (!e.report) return { ...common, stored: false, points: [], failed: true };
  return {
    ...common,
    stored: e.report.history !== void 0,
    points: historyOf(e.report, kind),
    failed: false
  };
}
function renderImageHistory(h, title) {
  const on = h.branch ? ` (${h.branch})` : "";
  if (h.failed)
    return [`${title}${on}: its build failed in the run that wrote this file: no baseline, no history`];
  const lines = [
    `${title}${on}: ${count(h.points.length, "point")}, oldest first`,
    ...h.stored ? [] : [
      "  No history stored (a pull request's report, an older baseline, or history-length: 0):",
      "  its own run is the only point."
    ],
    "",
    ...pointsTable(h.points)
  ];
  const trend = renderTrendTerminal({ branch: h.branch, points: h.points, current: null });
  if (trend.length) lines.push("", ...trend);
  return lines;
}
var count = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;
function pointsTable(points) {
  const header = ["Commit", "Finished (UTC)", "Cold", "Warm", "Cache hit", "Image"];
  const rows = points.map(
    (p) => p.status === "missing" ? [p.commit.slice(0, 7), "\u2013", "no baseline saved for this push"] : [
      p.commit?.slice(0, 7) ?? "?",
      p.date.slice(0, 16).replace("T", " "),
      formatSeconds(p.coldSeconds),
      formatSeconds(p.warmSeconds),
      formatPercent(p.cacheHitRatio),
      p.sizeBytes === null ? `\u2013 ${p.sizeKind}` : `${formatBytes(p.sizeBytes)} ${p.sizeKind}${p.sizeRounding === "4KiB-blocks" ? " (4 KiB blocks)" : ""}`
    ]
  );
  const widths = header.map(
    (h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 3).map((r) => (r[i] ?? "").length))
  );
  const fmt = (cells) => "  " + cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)).join("  ");
  return [fmt(header), ...rows.map(fmt)];
}

// src/cli/args.ts
var USAGE = `Usage:
  docker-cache-bench run [CONTEXT] [options]     benchmark a build cold and warm after a code touch
  docker-cache-bench parse [LOG|-]               read a saved BuildKit progress log (plain or rawjson) \u2192 JSON
  docker-cache-bench compare BASE.json HEAD.json compare two run reports
  docker-cache-bench merge REPORT... [--baseline REPORT]...
                                                 many images (a matrix's reports: files,
                                                 directories or globs) \u2192 one report and comment
  docker-cache-bench history BASELINE.json       the base branch's points a baseline carries, and their
                                                 trend (a report set: each image's)

Options for run:
  -f, --file PATH            Dockerfile (default: CONTEXT/Dockerfile; - reads it from stdin)
      --target STAGE         build this stage
      --platform PLATFORM    e.g. linux/amd64
      --build-arg KEY=VALUE  repeatable; KEY alone takes the value from the environment
                             (use that for secrets: KEY=VALUE shows in ps). Values are
                             never printed or written to reports.
      --touch PATH           file to touch (relative to CONTEXT), repeatable; default: the
                             application source file the build copies whose change reruns
                             the most steps (not a manifest, test or config file)
      --docker PATH          docker client (env DOCKER_CACHE_BENCH_DOCKER; default: docker)
      --builder NAME         buildx builder
      --mode buildx|builtin  force buildx, or a client's built-in BuildKit (Docker \u2264 22)
      --progress auto|plain|rawjson
      --secret id=ID,env=VAR | id=ID,src=FILE   a secret for RUN --mount=type=secret (repeatable);
                             its value is never printed, stored or put on a command line
      --ssh default|ID[=SOCKET|KEY]   SSH agent or keys for RUN --mount=type=ssh (repeatable)
      --build-context NAME=PATH|URL   a named build context (repeatable; needs buildx)
      --network MODE, --add-host HOST:IP, --allow ENTITLEMENT, --shm-size SIZE, --ulimit TYPE=SOFT:HARD
                             passed to docker build as they are (--add-host, --allow, --ulimit repeatable)
                             (--shm-size, --ulimit: Docker \u2265 23; 20.10's BuildKit ignores them, so refused)
      --repeat N             run the warm build N times (1\u201320, each after its own touch); report the median
      --keep-image           keep the built images (tagged docker-cache-bench:\u2026)
      --bake FILE            benchmark every target of a bake or compose file (repeatable, as
                             bake's -f; CONTEXT is the directory bake runs in), one after the
                             other; --json writes one report with one entry per image
      --bake-target NAME     a target or group of the bake file (repeatable; default: its default group)
      --wait                 if another run is touching the same file, wait for it
                             (default: refuse at once, naming its pid and host)
      --verify-fixes         build each verifiable fix (the suggested .dockerignore, a reordered
                             Dockerfile) in a temporary copy of the project, cold and warm, and
                             report what it measured; a fix that does not build is withdrawn;
                             at most 4 fixes per run (docs/rules.md#verified-fixes)
      --json FILE            write the JSON report (- for stdout)
      --markdown FILE        write the markdown report
  -q, --quiet                no progress on stderr (warnings still show)
      --verbose              stream each build's log to stderr (secret and build-arg values redacted)
      --baseline FILE        compare with this report (of the base branch): deltas, cache
                             regressions, and the relative gates below

Gates (run and compare; exit 1 when one fails, with the same table as the Action):
      --max-image-size SIZE          e.g. 250MB
      --max-image-growth SIZE|PCT    against the base, e.g. 10% or 20MB
      --max-warm-seconds DURATION    warm build after a code change, e.g. 90s or 2m
      --min-cache-hit-ratio RATIO    steps cached after a code change, e.g. 0.8 or 80%
      --fail-on-cache-regression     a step cached on the base rebuilds on the head
      --noise-seconds N, --noise-percent N   noise floor for timings (default 2 s and 10 %)
      --size-kind uncompressed|compressed    the image size gates and comparisons use (default
                                     uncompressed; compressed: containerd image store only)

Options for compare:
      --json FILE, --markdown FILE

Options for merge (and the gates above, judged per image; exit 1 when one fails):
      --baseline REPORT      the base's reports (files, directories or globs; repeatable), each
                             image matched to its own by id (bake target or benchmark id)
      --json FILE            write the merged report (schemaVersion 2, one entry per image)
      --markdown FILE        write the PR comment the Action would post for these images

Options for history:
      --image ID             of a report set (bake targets, merged matrix reports), only this
                             image (repeatable; default: every image)
      --json                 the points as JSON (docs/report.md#history)
      --size-kind uncompressed|compressed    the size of the one point made for a report
                             without a history (default uncompressed)

Exit codes: 0 ok, 1 a gate failed (or parse read a truncated log), 2 usage, environment or build
failure (or parse saw no progress), 3 the report was written but a touched file is not exactly as
before (the warning says what to do).`;
var TOPICS = ["run", "parse", "compare", "merge", "history"];
function usageFor(topic) {
  if (topic === null) return USAGE;
  const [lines = "", ...sections] = USAGE.split("\n\n");
  const line = lines.split("\n").find((l) => l.includes(`docker-cache-bench ${topic} `)) ?? "";
  const wanted = sections.filter(
    (s) => s.startsWith(`Options for ${topic}`) || topic !== "parse" && topic !== "history" && s.startsWith("Gates") || s.startsWith("Exit codes")
  );
  return ["Usage:", line, ...wanted.map((s) => `
${s}`)].join("\n");
}
function parseCliArgs(argv, env) {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h") return { command: "help", topic: null };
  if (command === "help") {
    const topic = rest[0] ?? null;
    if (topic !== null && !TOPICS.includes(topic))
      throw new UsageError(
        `help: unknown command "${topic}" (expected run, parse, compare, merge or history)`
      );
    return { command: "help", topic };
  }
  if (command === "--version" || command === "-V" || command === "-v") return { command: "version" };
  if (TOPICS.includes(command) && (rest.includes("--help") || rest.includes("-h")))
    return { command: "help", topic: command };
  try {
    if (command === "run") return parseRun(rest, env);
    if (command === "parse") return parseParse(rest);
    if (command === "compare") return parseCompare(rest);
    if (command === "merge") return parseMerge(rest);
    if (command === "history") return parseHistoryArgs(rest);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${command}: ${e instanceof Error ? e.message : String(e)}`);
  }
  throw new UsageError(`unknown command "${command}" (expected run, parse, compare, merge or history)`);
}
function parseRun(args2, env) {
  const { values, positionals } = parseArgs2({
    args: args2,
    allowPositionals: true,
    options: {
      file: { type: "string", short: "f" },
      target: { type: "string" },
      platform: { type: "string" },
      "build-arg": { type: "string", multiple: true },
      touch: { type: "string", multiple: true },
      docker: { type: "string" },
      builder: { type: "string" },
      mode: { type: "string" },
      progress: { type: "string" },
      "keep-image": { type: "boolean" },
      bake: { type: "string", multiple: true },
      "bake-target": { type: "string", multiple: true },
      wait: { type: "boolean" },
      "verify-fixes": { type: "boolean" },
      repeat: { type: "string" },
      json: { type: "string" },
      markdown: { type: "string" },
      quiet: { type: "boolean", short: "q" },
      verbose: { type: "boolean" },
      baseline: { type: "string" },
      secret: { type: "string", multiple: true },
      ssh: { type: "string", multiple: true },
      "build-context": { type: "string", multiple: true },
      network: { type: "string" },
      "add-host": { type: "string", multiple: true },
      allow: { type: "string", multiple: true },
      "shm-size": { type: "string" },
      ulimit: { type: "string", multiple: true },
      ...GATE_OPTIONS
    }
  });
  if (positionals.length > 1) throw new UsageError(`run takes one CONTEXT, got ${positionals.length}`);
  if (values["bake-target"]?.length && !values.bake?.length)
    throw new UsageError("--bake-target needs --bake FILE (a bake or compose file)");
  if (values.bake?.length && (values.file || values.target || values.touch?.length))
    throw new UsageError(
      "--bake takes the Dockerfile, stage and touch from each target: drop --file, --target and --touch"
    );
  const mode = values.mode ?? null;
  if (mode !== null && mode !== "buildx" && mode !== "builtin") {
    throw new UsageError(`--mode must be buildx or builtin, got "${mode}"`);
  }
  const progress = values.progress ?? "auto";
  if (progress !== "auto" && progress !== "plain" && progress !== "rawjson") {
    throw new UsageError(`--progress must be auto, plain or rawjson, got "${progress}"`);
  }
  return {
    command: "run",
    context: positionals[0] ?? ".",
    file: values.file ?? null,
    target: values.target ?? null,
    platform: values.platform ?? null,
    buildArgs: parseBuildArgs(values["build-arg"] ?? [], env),
    touch: values.touch ?? [],
    docker: values.docker ?? env.DOCKER_CACHE_BENCH_DOCKER ?? "docker",
    builder: values.builder ?? null,
    mode,
    progress,
    keepImage: values["keep-image"] ?? false,
    bake: values.bake ?? [],
    bakeTargets: values["bake-target"] ?? [],
    wait: values.wait ?? false,
    repeat: positiveInteger("--repeat", values.repeat, 1, MAX_REPEAT),
    verifyFixes: values["verify-fixes"] ?? false,
    json: values.json ?? null,
    markdown: values.markdown ?? null,
    quiet: values.quiet ?? false,
    verbose: values.verbose ?? false,
    baseline: values.baseline ?? null,
    ...gateArgs(values, values.baseline !== void 0),
    buildOptions: {
      secrets: (values.secret ?? []).map(parseSecretFlag),
      ssh: values.ssh ?? [],
      buildContexts: Object.fromEntries(
        (values["build-context"] ?? []).map((c) => splitPair(c, "--build-context", "assets=../assets"))
      ),
      network: values.network ?? null,
      addHosts: values["add-host"] ?? [],
      allow: values.allow ?? [],
      shmSize: values["shm-size"] ?? null,
      ulimits: values.ulimit ?? []
    }
  };
}
function parseBuildArgs(items, env) {
  const out = {};
  for (const item of items) {
    const arg = splitBuildArg(item);
    if (!arg) {
      throw new UsageError(
        `--build-arg needs KEY=VALUE with a valid name, got "${item.split("=")[0]}" (example: --build-arg BASE=python:3.12-slim)`
      );
    }
    const { key } = arg;
    const refused = refusedBuildArgName(key);
    if (refused) throw new UsageError(refused);
    const value = arg.value ?? env[key];
    if (value === void 0)
      throw new UsageError(`--build-arg ${key}: no value given and ${key} is not set in the environment`);
    out[key] = value;
  }
  return out;
}
function parseParse(args2) {
  const { positionals } = parseArgs2({ args: args2, allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new UsageError("parse takes one LOG file (or - for stdin)");
  return { command: "parse", input: positionals[0] ?? "-" };
}
function parseCompare(args2) {
  const { values, positionals } = parseArgs2({
    args: args2,
    allowPositionals: true,
    options: {
      json: { type: "string" },
      markdown: { type: "string" },
      ...GATE_OPTIONS
    }
  });
  const [base, head] = positionals;
  if (!base || !head || positionals.length > 2) throw new UsageError("compare takes BASE.json and HEAD.json");
  return {
    command: "compare",
    base,
    head,
    json: values.json ?? null,
    markdown: values.markdown ?? null,
    ...gateArgs(values, true)
  };
}
function parseMerge(args2) {
  const { values, positionals } = parseArgs2({
    args: args2,
    allowPositionals: true,
    options: {
      baseline: { type: "string", multiple: true },
      json: { type: "string" },
      markdown: { type: "string" },
      ...GATE_OPTIONS
    }
  });
  if (!positionals.length) throw new UsageError("merge takes one or more REPORT files, directories or globs");
  const baselines = values.baseline ?? [];
  return {
    command: "merge",
    reports: positionals,
    baselines,
    json: values.json ?? null,
    markdown: values.markdown ?? null,
    ...gateArgs(values, baselines.length > 0)
  };
}
var GATE_OPTIONS = {
  "max-image-size": { type: "string" },
  "max-image-growth": { type: "string" },
  "max-warm-seconds": { type: "string" },
  "min-cache-hit-ratio": { type: "string" },
  "fail-on-cache-regression": { type: "boolean" },
  "noise-seconds": { type: "string" },
  "noise-percent": { type: "string" },
  "size-kind": { type: "string" }
};
function gateArgs(values, hasBase) {
  let gates;
  try {
    gates = parseBudgets(values, (name) => `--${name}`);
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
  const relative = ["max-image-growth", "fail-on-cache-regression"].filter((n) => values[n]);
  if (!hasBase && relative.length) {
    throw new UsageError(
      `${relative.map((n) => `--${n}`).join(" and ")} compare with a base: add --baseline FILE (a report of the base branch)`
    );
  }
  const seconds = values["noise-seconds"];
  const percent = values["noise-percent"];
  return {
    gates,
    noise: {
      seconds: nonNegative("--noise-seconds", typeof seconds === "string" ? seconds : void 0, 2),
      ratio: nonNegative("--noise-percent", typeof percent === "string" ? percent : void 0, 10) / 100
    }
  };
}
function nonNegative(flag, raw, fallback) {
  if (raw === void 0) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`${flag} must be a number \u2265 0, got "${raw}" (example: ${flag} ${fallback})`);
  return n;
}
function positiveInteger(flag, raw, fallback, max) {
  if (raw === void 0) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(
      `${flag} must be a whole number from 1 to ${max}, got "${raw}" (example: ${flag} 3)`
    );
  return n;
}

// src/cli/commands.ts
import { createReadStream } from "node:fs";
import { stat as stat2 } from "node:fs/promises";

// src/report/terminal.ts
var NAME_WIDTH = 56;
function renderTerminal(report) {
  const rows = joinSteps(report.cold.steps, report.warm.steps);
  const out = [];
  const d = report.docker;
  out.push(
    `docker-cache-bench ${report.tool.version} \xB7 ${report.build.context} \xB7 ${d.mode === "buildx" ? `buildx ${d.buildxVersion} (${d.driver} driver)` : `docker ${d.clientVersion} built-in BuildKit`}`,
    ""
  );
  const context = contextCostLine(report);
  if (context) out.push(`  ${context}`, "");
  out.push(...renderTable(rows));
  out.push("", ...renderTotals(report), ...renderFindingsTerminal(report.findings));
  return out.join("\n") + "\n";
}
function renderTable(rows) {
  const header = ["Step", "Line", "Cold", "Warm after touch"];
  const body = rows.map((r) => [
    stepText(oneLine(r.name), NAME_WIDTH),
    r.line ? String(r.line) : "\u2013",
    coldCell(r.cold),
    isFromRow(r) ? statusCell(r.warm) : warmCell(r.warm)
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const fmt = (cells) => "  " + cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  const note = stepNotes(rows).flatMap((n) => ["", `  ${n}`]);
  return [fmt(header), ...body.map(fmt), ...note];
}
function renderTotals(report) {
  const s = report.summary;
  const lines = [
    ["Cold build", `${formatSeconds(s.coldSeconds)}  (--no-cache)`],
    [
      "Warm build",
      `${formatSeconds(s.warmSeconds)}${repeats(report)}  after touching ${report.touched.map(oneLine).join(", ") || "nothing"}`
    ],
    [
      "Cache",
      s.steps ? `${s.cachedSteps} of ${s.steps} steps cached (${formatPercent(s.cacheHitRatio)}); ${s.rebuiltSteps} rebuilt, ${formatSeconds(s.warmRebuiltSeconds)} of step time` : "no Dockerfile steps in the warm build"
    ]
  ];
  if (s.firstRebuilt) {
    lines.push([
      "First rebuilt",
      `${stepText(oneLine(s.firstRebuilt.name), NAME_WIDTH)}${s.firstRebuilt.line ? ` (Dockerfile line ${s.firstRebuilt.line})` : ""}`
    ]);
  }
  const ctx = report.context;
  if (ctx?.files !== void 0) {
    const secs = [
      ctx.coldSeconds != null ? `${formatSeconds(ctx.coldSeconds)} cold` : "",
      ctx.warmSeconds != null ? `${formatSeconds(ctx.warmSeconds)} warm` : ""
    ].filter(Boolean);
    lines.push([
      "Context",
      `${contextSizeText(ctx)}${secs.length ? `; load build context ${secs.join(", ")}` : ""}`
    ]);
  }
  const layers = report.image.layers.filter((l) => !l.emptyLayer).length;
  lines.push(["Image", `${describeSizes(report)}, ${layers} layers`]);
  const out = lines.map(([k, v]) => `  ${(k ?? "").padEnd(15)}${v}`);
  if (!report.touch.effective) {
    out.push(
      "",
      `  Note: the touch had no effect: the warm build rebuilt no step after changing ${report.touched.map(oneLine).join(", ")}.`,
      "  Either that file never reaches the build, or it is ignored; pick another with --touch PATH."
    );
  }
  return out;
}
function describeSizes(report) {
  const sizes = report.image.sizes;
  if (!sizes) return `${formatBytes(report.image.sizeBytes)} ${report.image.sizeKind}`;
  const rounding = sizes.uncompressedRounding === "exact" ? "" : " (4 KiB blocks)";
  const compressed = sizes.compressed === null ? "" : `, ${formatBytes(sizes.compressed)} compressed`;
  return `${formatBytes(sizes.uncompressed)} uncompressed${rounding}${compressed}`;
}
function repeats(report) {
  const runs = report.warmRepeats ?? [];
  if (runs.length < 2) return "";
  return `, median of ${runs.length} (${formatSeconds(Math.min(...runs))}\u2013${formatSeconds(Math.max(...runs))})`;
}

// src/cli/bake.ts
import { resolve as resolve2 } from "node:path";

// src/cli/io.ts
var EXIT_NOT_RESTORED = 3;
function runOptions(args2, env, dockerfile = args2.file) {
  return {
    contextDir: args2.context,
    dockerfile,
    target: args2.target,
    platform: args2.platform,
    buildArgs: args2.buildArgs,
    docker: args2.docker,
    builder: args2.builder,
    mode: args2.mode,
    progress: args2.progress,
    touch: args2.touch,
    keepImage: args2.keepImage,
    repeat: args2.repeat,
    stateDir: defaultStateDir(env),
    buildOptions: args2.buildOptions,
    wait: args2.wait
  };
}
async function writeReportFile(path, text, output) {
  await writeFileReplacing(path, text);
  output.note(`wrote ${path}
`);
}

// src/report/multi-terminal.ts
function renderImagesTerminal(outcomes, kind) {
  const rows = [
    ["Image", ...COLUMNS.map((c) => c.label), "Gates"],
    ...outcomes.map(
      (o) => o.head ? [
        o.id,
        ...COLUMNS.map(
          (c) => cell(c.key, headValue(o.head, c.key, kind), o.comparison)
        ),
        gatesCell(o.gates).replace("\u2705", "ok").replace("\u274C", "FAILED")
      ] : [o.id, `${o.failed?.error.phase ?? ""} build failed`, "", "", "", "FAILED"]
    )
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const lines = rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
  return `${lines.join("\n")}
  (~ = within the noise floor)
`;
}

// src/cli/files.ts
import { constants } from "node:fs";
import { access, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
async function checkOutputPath(flag, path) {
  if (path === null || path === "-") return;
  const target = resolve(path);
  const st = await stat(target).catch(() => null);
  if (st?.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory (give a file name)`);
  const dir = dirname(target);
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) throw new UsageError(`${flag} ${path}: the directory ${dir} does not exist`);
  try {
    await access(st ? target : dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: not writable`);
  }
}
async function dockerfileFromStdin(stdin) {
  if (stdin.isTTY)
    throw new UsageError("-f -: pipe the Dockerfile in (`docker-cache-bench run -f - . < Dockerfile`)");
  const chunks = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  const text = Buffer.concat(chunks);
  if (text.toString("utf8").trim() === "")
    throw new UsageError("-f -: standard input was empty (no Dockerfile)");
  const dir = await mkdtemp(join(tmpdir(), "dcb-stdin-"));
  const path = join(dir, "Dockerfile");
  await writeFile(path, text, { mode: 384 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

// src/cli/merge.ts
var EXIT_BUILD_FAILED = 2;
async function mergeCommand(args2, output) {
  await Promise.all([checkOutputPath("--json", args2.json), checkOutputPath("--markdown", args2.markdown)]);
  const head = await readReportSet(args2.reports);
  const base = args2.baselines.length ? await readReportSet(args2.baselines) : null;
  return finishImages(head, base, args2, output);
}
async function finishImages(head, base, args2, output) {
  const outcomes = compareImages(
    head.images,
    base ? baselinesFromSet(base, null, head.images.length) : () => NO_BASELINE,
    args2.noise,
    args2.gates
  );
  const json = JSON.stringify(head, null, 2) + "\n";
  if (args2.json === "-") output.out(json);
  else if (args2.json) await writeReportFile(args2.json, json, output);
  if (args2.markdown)
    await writeReportFile(
      args2.markdown,
      renderImagesComment({
        marker: commentMarker(head.benchmarkId ?? "merged"),
        benchmarkId: head.benchmarkId ?? "merged",
        images: outcomes,
        summaryUrl: null
      }),
      output
    );
  const out = (text) => args2.json === "-" ? output.err(text) : output.out(text);
  out(renderImagesTerminal(outcomes, args2.gates.sizeKind ?? "uncompressed"));
  for (const o of outcomes.filter((x) => x.gates.length))
    out(`
Gates of ${o.id}:
${renderGatesTerminal(o.gates)}`);
  const failed = failedImagesMessage(outcomes);
  if (!failed) return 0;
  output.err(`docker-cache-bench: ${failed}
`);
  return outcomes.some((o) => !o.head) ? EXIT_BUILD_FAILED : 1;
}

// src/cli/progress.ts
var TTY_INTERVAL_MS = 250;
var LOG_INTERVAL_MS = 1e4;
var MAX_STEP_NAME = 50;
function createProgressReporter(output, debug, quiet = false, verbose = false, intervalMs = output.tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS) {
  const started = performance.now();
  let phaseStarted = started;
  let snapshot = null;
  let phase = "";
  let timer = null;
  const elapsed = () => formatSeconds((performance.now() - started) / 1e3);
  const status = () => {
    if (!snapshot) return `${phase} \u2026 ${elapsed()}`;
    const step = (name) => truncate(oneLine(output.scrub(name)), MAX_STEP_NAME);
    return `${phase}: ${describeProgress(snapshot(), step)} \xB7 ${formatSeconds((performance.now() - phaseStarted) / 1e3)}`;
  };
  const print = (text) => output.err(`${text}
`);
  const tick = () => {
    if (output.tty) output.status(status());
    else print(`  \u2026 ${status()}`);
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
    output.clearStatus();
  };
  return {
    onPhase(p, detail) {
      if (quiet) return;
      stopTimer();
      snapshot = null;
      phase = p;
      phaseStarted = performance.now();
      print(`[${elapsed()}] ${p}: ${detail}`);
    },
    onBuildStart(_phase, snap) {
      if (quiet) return;
      snapshot = snap;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    // --verbose: the build's own log (redacted by the engine, control characters stripped by the
    // output sink), indented under its phase line.
    onBuildLine: verbose ? (_phase, line) => print(`  ${line}`) : void 0,
    onInfo(message) {
      if (!quiet) print(`  ${message}`);
    },
    onWarning(message) {
      print(`warning: ${message}`);
    },
    onDebug(message) {
      if (debug) print(`debug: ${message}`);
    },
    stop: stopTimer
  };
}

// src/cli/bake.ts
async function bakeCommand(args2, io2, output) {
  const debug = io2.env.DOCKER_CACHE_BENCH_DEBUG === "1" || io2.env.RUNNER_DEBUG === "1";
  const base = args2.baseline ? await readReportSet([args2.baseline]) : null;
  const cwd = resolve2(args2.context);
  const plan = await resolveBake({ docker: args2.docker, files: args2.bake, targets: args2.bakeTargets, cwd });
  for (const d of plan.declined) output.err(`docker-cache-bench: warning: ${d}
`);
  let restoreProblems = 0;
  const reporters = [];
  const set = await runBake(
    plan,
    runOptions(args2, io2.env),
    { files: args2.bake, targets: args2.bakeTargets },
    {
      onImage: (image, i, n) => {
        output.note(`docker-cache-bench: image ${i + 1} of ${n}: ${image.id}
`);
        const reporter = createProgressReporter(output, debug, args2.quiet, args2.verbose);
        reporters.push(reporter);
        return {
          ...reporter,
          onRestoreProblem: (message) => {
            restoreProblems++;
            reporter.onWarning?.(message);
          }
        };
      },
      onImageDone: () => reporters.pop()?.stop()
    }
  ).finally(() => reporters.forEach((r) => r.stop()));
  set.benchmarkId ??= args2.bake.join(",");
  if (args2.json !== "-") {
    for (const e of set.images) {
      output.out(`
== ${e.id}
`);
      output.out(e.report ? renderTerminal(e.report) : `${renderFailureTerminal(e.failed.error)}
`);
    }
    output.out("\n");
  }
  const code = await finishImages(set, base, args2, output);
  return restoreProblems > 0 ? EXIT_NOT_RESTORED : code;
}

// src/cli/parse-verdict.ts
function parseVerdict(trace, seen) {
  if (seen.lines === 0) return { code: 2, message: "the log is empty" };
  if (seen.progressLines === 0 || trace.steps.length === 0) {
    return {
      code: 2,
      message: `no BuildKit progress in ${seen.lines} line${seen.lines === 1 ? "" : "s"} (expected \`docker build --progress=plain\` lines such as \`#1 [internal] load build definition\`, or \`--progress=rawjson\` objects)`
    };
  }
  if (trace.errors.length > 0) return { code: 0, message: null };
  const running = trace.steps.filter((s) => s.status === "running").length;
  const exported = trace.imageId !== null || trace.steps.some((s) => s.status !== "running" && /^exporting to /.test(s.name ?? ""));
  if (running === 0 && exported) return { code: 0, message: null };
  const why = running ? `${running} step${running === 1 ? "" : "s"} never finished` : "it ends before the image export";
  return { code: 1, message: `the log stops mid-build (truncated?): ${why}; times may be missing` };
}

// src/cli/read-report.ts
async function readReport(path) {
  const text = await readReportText(path);
  try {
    return parseReport(parseJsonText(text));
  } catch (e) {
    throw new ReportFileError(`${path}: ${errorMessage(e)}`);
  }
}

// src/cli/commands.ts
async function runCommand(args2, io2, output) {
  await Promise.all([checkOutputPath("--json", args2.json), checkOutputPath("--markdown", args2.markdown)]);
  if (args2.bake.length) return bakeCommand(args2, io2, output);
  const base = args2.baseline ? await readReport(args2.baseline) : null;
  const debug = io2.env.DOCKER_CACHE_BENCH_DEBUG === "1" || io2.env.RUNNER_DEBUG === "1";
  const reporter = createProgressReporter(output, debug, args2.quiet, args2.verbose);
  const stdinFile = args2.file === "-" ? await dockerfileFromStdin(io2.stdin) : null;
  let restoreProblems = 0;
  let report;
  try {
    const opts = runOptions(args2, io2.env, stdinFile?.path ?? args2.file);
    const hooks = {
      ...reporter,
      onRestoreProblem: (message) => {
        restoreProblems++;
        reporter.onWarning?.(message);
      }
    };
    report = await runBenchmark(opts, hooks);
    if (args2.verifyFixes)
      report = await verifyFixes(opts, report, (o) => runBenchmark(o, reporter), reporter.onInfo);
  } catch (e) {
    if (e instanceof BuildFailedError) await writeFailedReport(args2, e, output);
    throw e;
  } finally {
    reporter.stop();
    await stdinFile?.remove();
  }
  const kind = args2.gates.sizeKind ?? "uncompressed";
  const comparison = base ? compareReports(base, report, args2.noise, kind) : null;
  const gates = evaluateGates(report, comparison, base ? imageSize(base, kind) : null, args2.gates);
  if (stdinFile) report.build.dockerfile = "-";
  const json = JSON.stringify(report, null, 2) + "\n";
  if (args2.json === "-") output.out(json);
  else {
    if (args2.json) await writeReportFile(args2.json, json, output);
    output.out(renderTerminal(report));
    if (comparison && base) {
      output.out(`
Against ${args2.baseline}:
${renderComparisonTerminal(comparison)}`);
      output.out(trendText(base, report, kind));
    }
  }
  if (args2.markdown) {
    const extra = comparison ? `
${renderComparisonMarkdown(comparison)}` : "";
    await writeReportFile(args2.markdown, renderMarkdown(report) + extra + gatesMarkdown(gates), output);
  }
  const code = finishGates(gates, args2.json === "-", output);
  return restoreProblems > 0 ? EXIT_NOT_RESTORED : code;
}
function trendText(base, head, kind) {
  const lines = renderTrendTerminal(trendOf(base, head, kind));
  return lines.length ? `
${lines.join("\n")}
` : "";
}
function gatesMarkdown(gates) {
  return gates.length ? `
${renderGatesMarkdown(gates)}
` : "";
}
function finishGates(gates, jsonOnStdout, output) {
  if (!gates.length) return 0;
  const table = `
Gates:
${renderGatesTerminal(gates)}`;
  if (jsonOnStdout) output.err(table);
  else output.out(table);
  const failed = failedGatesMessage(gates);
  if (!failed) return 0;
  output.err(`docker-cache-bench: ${failed}
`);
  return 1;
}
async function writeFailedReport(args2, e, output) {
  const json = JSON.stringify(e.partial, null, 2) + "\n";
  if (args2.json === "-") output.out(json);
  else if (args2.json) await writeReportFile(args2.json, json, output);
  if (args2.markdown)
    await writeReportFile(args2.markdown, renderFailureMarkdown(e.message, e.partial), output);
}
async function parseCommand(args2, io2, output) {
  if (args2.input !== "-") {
    const st = await stat2(args2.input).catch(() => null);
    if (!st?.isFile()) throw new UsageError(`no such log file: ${args2.input} (use - to read standard input)`);
  }
  const input = args2.input === "-" ? io2.stdin : createReadStream(args2.input);
  const parser = createProgressParser();
  const seen = { lines: 0, progressLines: 0 };
  const splitter = createLineSplitter((line) => {
    seen.lines++;
    if (detectFormat(line) !== null) seen.progressLines++;
    parser.line(line);
  });
  input.setEncoding("utf8");
  for await (const chunk of input) splitter.push(chunk);
  splitter.end();
  const trace = parser.result();
  const verdict = parseVerdict(trace, seen);
  const name = args2.input === "-" ? "standard input" : args2.input;
  if (verdict.code === 2) throw new UsageError(`${name}: ${verdict.message}`);
  const out = versioned("parse", {
    format: trace.format,
    steps: trace.steps.map((s) => ({
      name: s.name,
      status: s.status,
      seconds: s.seconds,
      stage: s.stage,
      instruction: s.instruction,
      platform: s.platform,
      error: s.error
    })),
    imageId: trace.imageId,
    warnings: trace.warnings,
    errors: trace.errors
  });
  output.out(JSON.stringify(out, null, 2) + "\n");
  if (verdict.message) output.err(`docker-cache-bench: ${name}: ${verdict.message}
`);
  return verdict.code;
}
async function compareCommand(args2, output) {
  await Promise.all([checkOutputPath("--json", args2.json), checkOutputPath("--markdown", args2.markdown)]);
  const [base, head] = await Promise.all([readReport(args2.base), readReport(args2.head)]);
  const kind = args2.gates.sizeKind ?? "uncompressed";
  const c = compareReports(base, head, args2.noise, kind);
  const gates = evaluateGates(head, c, imageSize(base, kind), args2.gates);
  const json = JSON.stringify(versioned("comparison", c), null, 2) + "\n";
  if (args2.json === "-") output.out(json);
  else {
    if (args2.json) await writeReportFile(args2.json, json, output);
    output.out(renderComparisonTerminal(c));
    output.out(trendText(base, head, kind));
  }
  if (args2.markdown)
    await writeReportFile(args2.markdown, renderComparisonMarkdown(c) + gatesMarkdown(gates), output);
  return finishGates(gates, args2.json === "-", output);
}

// src/cli/output.ts
function createCliOutput(streams, buildArgs = {}, options = {}) {
  const redact = createRedactor(buildArgs);
  const tty = streams.stderr.isTTY === true;
  const scrub = (text) => stripControl(redact(text));
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) streams.stderr.write("\r\x1B[2K");
    statusShown = false;
  };
  const err = (text) => {
    clearStatus();
    streams.stderr.write(scrub(text));
  };
  return {
    tty,
    scrub,
    out: (text) => streams.stdout.write(scrub(text)),
    err,
    note: (text) => {
      if (!options.quiet) err(text);
    },
    status: (text) => {
      if (!tty) return;
      streams.stderr.write(`\r\x1B[2K${oneLine(redact(text))}`);
      statusShown = true;
    },
    clearStatus
  };
}

// src/cli/main.ts
async function main(args2, io2, output) {
  switch (args2.command) {
    case "help":
      output.out(`${usageFor(args2.topic)}
`);
      return 0;
    case "version":
      output.out(`${TOOL_VERSION}
`);
      return 0;
    case "run":
      return runCommand(args2, io2, output);
    case "parse":
      return parseCommand(args2, io2, output);
    case "compare":
      return compareCommand(args2, output);
    case "merge":
      return mergeCommand(args2, output);
    case "history":
      return historyCommand(args2, output);
  }
}
function reportError(e, io2, output) {
  const text = e instanceof BuildFailedError ? renderFailureTerminal(e.failure) : errorMessage(e);
  output.err(`docker-cache-bench: ${text}
`);
  if (e instanceof UsageError) output.err("run `docker-cache-bench --help` for usage\n");
  if (io2.env.DOCKER_CACHE_BENCH_DEBUG === "1" && e instanceof Error && e.stack) output.err(`${e.stack}
`);
  process.exitCode = 2;
}
var io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
async function secretsOf(args2) {
  if (args2.command !== "run") return {};
  const secrets = await readSecretValues(args2.buildOptions.secrets, io.env).catch(() => ({}));
  return { ...secrets, ...args2.buildArgs };
}
var args = null;
try {
  args = parseCliArgs(process.argv.slice(2), io.env);
} catch (e) {
  reportError(e, io, createCliOutput(io));
}
if (args) {
  const parsed = args;
  const quiet = parsed.command === "run" && parsed.quiet;
  const output = createCliOutput(io, await secretsOf(parsed), { quiet });
  main(parsed, io, output).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => reportError(e, io, output)
  );
}
