#!/usr/bin/env node
import { createRequire as __dcbCreateRequire } from "node:module"; const require = __dcbCreateRequire(import.meta.url);
import {
  BuildFailedError,
  DOCKER_ENV_ALLOWLIST,
  EnvironmentError,
  ExecError,
  MAX_COMMENT_CHARS,
  MAX_REPEAT,
  NO_CACHE_NOTE,
  SIZE_KINDS,
  TOOL_VERSION,
  UsageError,
  baselineText,
  capText,
  coldCell,
  commentMarker,
  compareReports,
  contextCostLine,
  contextSizeText,
  createLineSplitter,
  createProgressParser,
  createRedactor,
  defaultStateDir,
  describeProgress,
  detailLevels,
  detectFormat,
  dockerChildEnv,
  entryOf,
  errorMessage,
  evaluateGates,
  execText,
  failedGatesMessage,
  formatBytes,
  formatMetric,
  formatMetricDelta,
  formatPercent,
  formatSeconds,
  hasCachedColdStep,
  historyOf,
  imageSize,
  isFromRow,
  joinSteps,
  makeReportSet,
  mdCode,
  mdText,
  mergeReportSets,
  oneLine,
  parseBudgets,
  parseJsonText,
  parseReportSet,
  parseReportText,
  parseSecretFlag,
  readSecretValues,
  refusedBuildArgName,
  renderComment,
  renderComparisonMarkdown,
  renderComparisonTerminal,
  renderFailureMarkdown,
  renderFailureTerminal,
  renderFindingsTerminal,
  renderGatesMarkdown,
  renderGatesTerminal,
  renderHead,
  renderMarkdown,
  renderTrendTerminal,
  runBenchmark,
  shownSizeKind,
  splitBuildArg,
  splitPair,
  statusCell,
  stepText,
  stripControl,
  trendOf,
  truncate,
  verifyFixes,
  warmCell
} from "./chunks/chunk-TRBBCQNO.js";

// src/cli/args.ts
import { parseArgs as parseArgs2 } from "node:util";

// src/cli/history.ts
import { parseArgs } from "node:util";

// src/report/versioned.ts
var OUTPUT_KINDS = {
  parse: { kind: "docker-cache-bench/parse", schemaVersion: 1 },
  comparison: { kind: "docker-cache-bench/comparison", schemaVersion: 1 },
  history: { kind: "docker-cache-bench/history", schemaVersion: 1 }
};
function versioned(kind, body) {
  return { ...OUTPUT_KINDS[kind], ...body };
}

// src/cli/read-report.ts
import { readFile } from "node:fs/promises";
async function readReport(path) {
  let text;
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

// src/cli/history.ts
function parseHistoryArgs(args2) {
  const { values, positionals } = parseArgs({
    args: args2,
    allowPositionals: true,
    options: { json: { type: "boolean" }, "size-kind": { type: "string" } }
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError("history takes one report file (a baseline)");
  const kind = values["size-kind"] ?? "uncompressed";
  if (!SIZE_KINDS.includes(kind))
    throw new UsageError(`--size-kind must be ${SIZE_KINDS.join(" or ")}, got "${kind}"`);
  return { command: "history", file, json: values.json ?? false, sizeKind: kind };
}
async function historyCommand(args2, output) {
  const report = await readReport(args2.file);
  const points = historyOf(report, args2.sizeKind);
  const stored = report.history !== void 0;
  const branch = report.source?.branch ?? null;
  if (args2.json) {
    const doc = versioned("history", { benchmarkId: report.benchmarkId ?? null, branch, stored, points });
    output.out(JSON.stringify(doc, null, 2) + "\n");
    return 0;
  }
  const lines = [
    `History of ${args2.file}${branch ? ` (${branch})` : ""}: ${points.length} point${points.length === 1 ? "" : "s"}, oldest first`,
    ...stored ? [] : [
      "  No history stored (a pull request's report, an older baseline, or history-length: 0):",
      "  its own run is the only point."
    ],
    "",
    ...pointsTable(points)
  ];
  const trend = renderTrendTerminal({ branch, points, current: null });
  if (trend.length) lines.push("", ...trend);
  output.out(lines.join("\n") + "\n");
  return 0;
}
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
  docker-cache-bench history BASELINE.json       the base branch's points a baseline carries, and their trend

Options for run:
  -f, --file PATH            Dockerfile (default: CONTEXT/Dockerfile; - reads it from stdin)
      --target STAGE         build this stage
      --platform PLATFORM    e.g. linux/amd64
      --build-arg KEY=VALUE  repeatable; KEY alone takes the value from the environment
                             (use that for secrets: KEY=VALUE shows in ps). Values are
                             never printed or written to reports.
      --touch PATH           file to touch (relative to CONTEXT), repeatable; default: the
                             source file the build copies whose change reruns the most steps
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
  const relative2 = ["max-image-growth", "fail-on-cache-regression"].filter((n) => values[n]);
  if (!hasBase && relative2.length) {
    throw new UsageError(
      `${relative2.map((n) => `--${n}`).join(" and ")} compare with a base: add --baseline FILE (a report of the base branch)`
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
import { stat as stat3 } from "node:fs/promises";

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
  const note = hasCachedColdStep(rows) ? ["", `  ${NO_CACHE_NOTE}`] : [];
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
import { resolve as resolve3 } from "node:path";

// src/bake/resolve.ts
import { readFile as readFile2 } from "node:fs/promises";
import { resolve } from "node:path";

// src/bake/parse.ts
import { isAbsolute, join } from "node:path";
var IGNORED = /* @__PURE__ */ new Set(["tags", "labels", "output", "annotations", "attest", "pull", "description"]);
var MAPPED = /* @__PURE__ */ new Set([
  "context",
  "dockerfile",
  "args",
  "target",
  "platforms",
  "contexts",
  "network",
  "shm-size",
  "ulimits",
  "entitlements"
]);
var isUrl = (s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^[a-z-]+-image:/.test(s);
function parseBakePrint(json, cwd) {
  const printed = json;
  const targets = printed.target ?? {};
  const images = [];
  const declined = [];
  for (const name of targetOrder(printed)) {
    const t = targets[name];
    if (!t) continue;
    if (t["dockerfile-inline"] !== void 0) {
      declined.push(
        `${name}: dockerfile-inline (the touch needs a Dockerfile on disk to read; the target is left out)`
      );
      continue;
    }
    const other = Object.keys(t).filter((k) => !MAPPED.has(k) && !IGNORED.has(k));
    if (other.length) declined.push(`${name}: ${other.join(", ")} not passed to the benchmark's builds`);
    const context = resolvePath(t.context ?? ".", cwd);
    const dockerfile = isAbsolute(t.dockerfile ?? "") ? t.dockerfile : join(context, t.dockerfile ?? "Dockerfile");
    const platforms = t.platforms?.length ? t.platforms : [null];
    for (const platform of platforms) {
      images.push({
        id: platforms.length > 1 && platform ? `${name}@${platform}` : name,
        target: name,
        context,
        dockerfile,
        stage: t.target ?? null,
        platform,
        // A compose `args: [B]` with no value comes out as null or not at all: docker would take it from the environment.
        args: Object.fromEntries(
          Object.entries(t.args ?? {}).filter((e) => typeof e[1] === "string")
        ),
        contexts: Object.fromEntries(
          Object.entries(t.contexts ?? {}).map(([k, v]) => [k, isUrl(v) ? v : resolvePath(v, cwd)])
        ),
        network: t.network ?? null,
        shmSize: t["shm-size"] ?? null,
        ulimits: t.ulimits ?? []
      });
    }
  }
  return { images, declined };
}
function resolvePath(p, cwd) {
  return isAbsolute(p) ? p : join(cwd, p);
}
function targetOrder(p) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  const visit = (name, depth) => {
    if (seen.has(name) || depth > 16) return;
    seen.add(name);
    const group = p.group?.[name];
    if (group && !p.target?.[name]) group.targets?.forEach((t) => visit(t, depth + 1));
    else out.push(name);
  };
  for (const t of p.group?.default?.targets ?? []) visit(t, 0);
  for (const name of Object.keys(p.target ?? {}).sort()) if (!seen.has(name)) out.push(name);
  return out;
}

// src/bake/resolve.ts
var BAKE_PRINT_TIMEOUT_MS = 6e4;
async function resolveBake(o) {
  const argv = [o.docker, "buildx", "bake", ...o.files.flatMap((f) => ["-f", f]), "--print", ...o.targets];
  const shown = `docker buildx bake --print ${[...o.files.map((f) => `-f ${f}`), ...o.targets].join(" ")}`;
  const source = o.env ?? process.env;
  const vars = await fileVariables(o.files, o.cwd, source);
  const timeoutMs = o.timeoutMs ?? BAKE_PRINT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let out;
  try {
    out = await execText(argv, { cwd: o.cwd, env: dockerChildEnv(source, { pass: vars }), signal });
  } catch (e) {
    if (signal.aborted)
      throw new EnvironmentError(`${shown} gave no answer in ${timeoutMs / 1e3} s and was stopped`);
    throw bakeFailure(e, shown, o.docker, createRedactor(variableValues(source, vars)));
  }
  let json;
  try {
    json = JSON.parse(out);
  } catch {
    throw new UsageError(`${shown} did not print JSON (${out.length} characters of something else)`);
  }
  const plan = parseBakePrint(json, o.cwd);
  if (!plan.images.length)
    throw new UsageError(
      `${o.files.join(", ")}: no target to benchmark${plan.declined.length ? ` (${plan.declined.join("; ")})` : ""}`
    );
  return plan;
}
var MAX_DETAIL = 1e3;
function bakeFailure(e, shown, docker, redact) {
  const raw = e instanceof ExecError ? e.stderrTail.filter((l) => l.trim()).slice(-3).join(" / ") || `exited with ${e.exitCode}` : errorMessage(e);
  const detail = capText(oneLine(redact(raw)), MAX_DETAIL);
  if (/is not a docker command|unknown command/i.test(detail))
    return new EnvironmentError(
      `bake needs the buildx plugin (\`${docker} buildx\` is not there): ${detail}`
    );
  return new UsageError(`${shown} failed: ${detail}`);
}
async function fileVariables(files, cwd, source) {
  const names = /* @__PURE__ */ new Set();
  for (const f of files) {
    const text = await readFile2(resolve(cwd, f), "utf8").catch(() => "");
    for (const [word] of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
      if (source[word] !== void 0) names.add(word);
    }
  }
  return [...names].sort();
}
function variableValues(source, names) {
  const out = {};
  for (const n of names) {
    const v = source[n];
    if (v !== void 0 && !DOCKER_ENV_ALLOWLIST.includes(n)) out[n] = v;
  }
  return out;
}

// src/bake/run.ts
function imageOptions(base, image) {
  const bo = base.buildOptions;
  return {
    ...base,
    contextDir: image.context,
    dockerfile: image.dockerfile,
    target: image.stage,
    platform: base.platform ?? image.platform,
    // As `docker buildx bake --set *.args.KEY=…`: what the user passes wins over the file.
    buildArgs: { ...image.args, ...base.buildArgs },
    // The touch is chosen per image from its own Dockerfile; a fixed list cannot fit every context.
    touch: [],
    buildOptions: {
      ...bo,
      buildContexts: { ...image.contexts, ...bo.buildContexts },
      network: bo.network ?? image.network,
      shmSize: bo.shmSize ?? image.shmSize,
      ulimits: [...image.ulimits, ...bo.ulimits]
    }
  };
}
async function runBake(plan, base, source, hooks = {}) {
  const images = [];
  for (const [i, image] of plan.images.entries()) {
    const h = hooks.onImage?.(image, i, plan.images.length) ?? {};
    let entry;
    try {
      const report = await runBenchmark(imageOptions(base, image), h);
      report.benchmarkId = image.id;
      entry = entryOf(report, image.id);
    } catch (e) {
      if (!(e instanceof BuildFailedError)) throw e;
      e.partial.benchmarkId = image.id;
      entry = entryOf(e.partial, image.id);
    }
    images.push(entry);
    hooks.onImageDone?.(image, entry);
  }
  return makeReportSet(images, { version: TOOL_VERSION, bake: source });
}

// src/cli/io.ts
import { writeFile } from "node:fs/promises";
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
  await writeFile(path, text);
  output.note(`wrote ${path}
`);
}

// src/baseline/report-files.ts
import { readdir, readFile as readFile3, stat } from "node:fs/promises";
import { isAbsolute as isAbsolute2, join as join2, relative, sep } from "node:path";
var GLOB_CHARS = /[*?[]/;
var MAX_WALK_ENTRIES = 1e5;
var ReportFileError = class extends Error {
  name = "ReportFileError";
};
function globToRegExp(pattern) {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? "";
    if (c === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      re += slash ? "(?:[^/]*/)*" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
async function walk(dir, out) {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (out.length > MAX_WALK_ENTRIES)
      throw new ReportFileError(`more than ${MAX_WALK_ENTRIES} files under ${dir}`);
    const p = join2(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}
async function expandReportPattern(pattern, cwd) {
  const abs = isAbsolute2(pattern) ? pattern : join2(cwd, pattern);
  if (!GLOB_CHARS.test(pattern)) {
    const st = await stat(abs).catch(() => null);
    if (!st) return [];
    if (!st.isDirectory()) return [abs];
    const files2 = [];
    await walk(abs, files2);
    return files2.filter((f) => f.endsWith(".json")).sort();
  }
  const segments = abs.split("/");
  const firstGlob = segments.findIndex((s) => GLOB_CHARS.test(s));
  const root = segments.slice(0, firstGlob).join("/") || "/";
  const re = globToRegExp(segments.slice(firstGlob).join("/"));
  const files = [];
  await walk(root, files);
  return files.filter((f) => re.test(relative(root, f).split(sep).join("/"))).sort();
}
async function readReportFiles(patterns, cwd = process.cwd()) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const pattern of patterns) {
    const files = await expandReportPattern(pattern, cwd);
    if (!files.length)
      throw new ReportFileError(`no report file matches ${pattern} (did the artifact download step run?)`);
    for (const path of files.filter((f) => !seen.has(f))) {
      seen.add(path);
      out.push({ path, set: await readReportSetFile(path) });
    }
  }
  return out;
}
async function readReportSetFile(path) {
  let text;
  try {
    text = await readFile3(path, "utf8");
  } catch (e) {
    throw new ReportFileError(`cannot read ${path} (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    return parseReportSet(parseJsonText(text));
  } catch (e) {
    throw new ReportFileError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// src/compare/images.ts
var NO_BASELINE = { report: null, info: null, note: null };
function compareImages(images, baselineOf, noise, gates) {
  const kind = gates.sizeKind ?? "uncompressed";
  return images.map((e) => {
    if (!e.report) {
      return {
        id: e.id,
        head: null,
        failed: e.failed,
        base: null,
        comparison: null,
        gates: [],
        baseline: null,
        baselineNote: null
      };
    }
    const b = baselineOf(e.id);
    const comparison = b.report ? compareReports(b.report, e.report, noise, kind) : null;
    return {
      id: e.id,
      head: e.report,
      failed: null,
      base: b.report,
      comparison,
      gates: evaluateGates(e.report, comparison, b.report ? imageSize(b.report, kind) : null, gates),
      baseline: b.report ? b.info : null,
      baselineNote: b.note
    };
  });
}
function baselinesFromSet(set, info, headImages) {
  const byId = new Map(set.images.map((e) => [e.id, e]));
  const only = set.images.length === 1 && headImages === 1 ? set.images[0] : void 0;
  return (id) => {
    const e = byId.get(id) ?? only;
    if (!e?.report) return { ...NO_BASELINE, note: `The baseline file has no report for ${id}.` };
    return {
      report: e.report,
      info: info ?? {
        source: "file",
        commit: e.report.source?.commit ?? null,
        exact: true,
        branch: e.report.source?.branch ?? null
      },
      note: null
    };
  };
}
function failedImageGates(outcomes) {
  return outcomes.flatMap(
    (o) => o.gates.filter((g) => g.passed === false).map((gate) => ({ id: o.id, gate }))
  );
}
function failedImagesMessage(outcomes) {
  const gates = failedImageGates(outcomes);
  const builds = outcomes.filter((o) => !o.head);
  const lines = [
    ...builds.map((o) => `- ${o.id}: ${o.failed?.error.message ?? "build failed"}`),
    ...gates.map(({ id, gate }) => `- ${id}: ${gate.id}: ${gate.message}`)
  ];
  if (!lines.length) return null;
  const what = [
    builds.length ? `${builds.length} build${builds.length === 1 ? "" : "s"} failed` : "",
    gates.length ? `${gates.length} gate${gates.length === 1 ? "" : "s"} failed` : ""
  ].filter(Boolean);
  return `${what.join(", ")}:
${lines.join("\n")}`;
}

// src/report/multi-comment.ts
function interest(o) {
  if (!o.head) return 5;
  if (o.gates.some((g) => g.passed === false)) return 4;
  if (o.comparison?.cacheRegressions.length) return 3;
  if (o.comparison?.metrics.some((m) => m.significant)) return 2;
  if (o.head.findings.some((f) => f.severity === "warning")) return 1;
  return 0;
}
function commentInputOf(o, m) {
  return {
    marker: "",
    benchmarkId: o.id,
    head: o.head,
    base: o.base,
    baseline: o.baseline,
    comparison: o.comparison,
    gates: o.gates,
    summaryUrl: m.summaryUrl,
    baselineNote: o.baselineNote,
    ...m.sizeKind ? { sizeKind: m.sizeKind } : {}
  };
}
function renderMultiComment(input, limit = MAX_COMMENT_CHARS) {
  const head = [input.marker, title(input), verdict(input), headline(input)];
  const footer = renderFooter(input);
  const levels = input.images.map((o) => imageLevels(o, input));
  const chosen = levels.map(() => 0);
  const render = (notice2) => [
    ...head,
    ...input.images.map((o, i) => detailsBlock(o, levels[i]?.[chosen[i] ?? 0] ?? [])).filter(Boolean),
    ...notice2 ? [notice2] : [],
    footer
  ].join("\n\n") + "\n";
  let body = render("");
  if (body.length <= limit) return body;
  const order = input.images.map((o, i) => ({ i, score: interest(o) })).sort((a, b) => a.score - b.score || b.i - a.i);
  const cut = [];
  for (const { i } of order) {
    const last = (levels[i]?.length ?? 1) - 1;
    cut.push(input.images[i]?.id ?? "");
    while ((chosen[i] ?? 0) < last) {
      chosen[i] = (chosen[i] ?? 0) + 1;
      body = render(cutNotice(cut, input.summaryUrl));
      if (body.length <= limit) return body;
    }
  }
  const notice = `

> \u2702\uFE0F This comment was cut to fit GitHub's ${MAX_COMMENT_CHARS.toLocaleString("en-US")}-character limit. ${summaryLink(input.summaryUrl)} has the full report.
`;
  return body.slice(0, limit - notice.length) + notice;
}
function summaryLink(url) {
  return url ? `The [job summary](${url})` : "The job summary";
}
function cutNotice(ids, summaryUrl) {
  return `> \u2702\uFE0F To fit GitHub's ${MAX_COMMENT_CHARS.toLocaleString("en-US")}-character limit, the detail of ${ids.map(mdCode).join(", ")} was shortened or left out (the least interesting images first). ${summaryLink(summaryUrl)} has all of it.`;
}
function title(input) {
  const name = input.benchmarkId && input.benchmarkId !== "." ? ` \xB7 ${mdCode(input.benchmarkId)}` : "";
  return `### \u{1F433} Docker build benchmark${name} \xB7 ${input.images.length} images`;
}
function imageLevels(o, m) {
  if (!o.head) {
    const failure = renderFailureMarkdown(o.failed?.error.message ?? "build failed", o.failed);
    return [[failure.split("\n").slice(2).join("\n").trim()], []];
  }
  const single = commentInputOf({ ...o, head: o.head }, m);
  const headPart = renderHead(single, false);
  const footer = `<sub>${baselineText(o.baseline)}</sub>`;
  return [...detailLevels(single).map((d) => [...headPart, ...d, footer]), []];
}
function detailsBlock(o, sections) {
  if (!sections.length) return "";
  return [
    `<details><summary>${statusIcon(o)} ${mdCode(o.id)}: ${mdText(shortVerdict(o))}</summary>`,
    "",
    ...sections.flatMap((s) => [s, ""]),
    "</details>"
  ].join("\n");
}
function statusIcon(o) {
  if (!o.head || o.gates.some((g) => g.passed === false)) return "\u274C";
  if (o.comparison?.cacheRegressions.length || !o.head.touch.effective) return "\u26A0\uFE0F";
  return "\u2705";
}
function shortVerdict(o) {
  if (!o.head) return `${o.failed?.error.phase ?? "the"} build failed`;
  const failed = o.gates.filter((g) => g.passed === false).length;
  if (failed) return `${failed} gate${failed === 1 ? "" : "s"} failed`;
  const lost = o.comparison?.cacheRegressions.length ?? 0;
  if (lost) return `${lost} step${lost === 1 ? "" : "s"} lost ${lost === 1 ? "its" : "their"} cache`;
  if (!o.head.touch.effective) return "the touch had no effect";
  if (!o.comparison) return "no baseline yet";
  const moved = o.comparison.metrics.filter((m) => m.significant).length;
  return moved ? `${moved} number${moved === 1 ? "" : "s"} moved` : "no change beyond noise";
}
function verdict(input) {
  const imgs = input.images;
  const broken = imgs.filter((o) => !o.head);
  const gated = imgs.filter((o) => o.gates.some((g) => g.passed === false));
  const parts = [];
  if (broken.length) {
    parts.push(
      `\u274C **${broken.length === 1 ? "A build" : `${broken.length} builds`} failed**: ${broken.map((o) => `${mdCode(o.id)} (${mdText(o.failed?.error.message ?? "")})`).join("; ")}.`
    );
  }
  if (gated.length) {
    const n = gated.reduce((s, o) => s + o.gates.filter((g) => g.passed === false).length, 0);
    const list = gated.map(
      (o) => `${mdCode(o.id)}: ${o.gates.filter((g) => g.passed === false).map((g) => mdText(g.message)).join("; ")}`
    );
    parts.push(
      `\u274C **${n} gate${n === 1 ? "" : "s"} failed** in ${gated.length} of ${imgs.length} images: ${list.join("; ")}.`
    );
  }
  if (parts.length) return parts.join("\n\n");
  const lost = imgs.filter((o) => o.comparison?.cacheRegressions.length);
  if (lost.length)
    return `\u26A0\uFE0F **Cache regression** in ${lost.map((o) => mdCode(o.id)).join(", ")}: a step cached after a code change on the base rebuilds now (details below).`;
  const compared = imgs.filter((o) => o.comparison);
  const noBase = imgs.length - compared.length;
  const moved = imgs.filter(
    (o) => o.comparison?.metrics.some((m) => m.significant && m.key !== "cacheHitRatio")
  );
  const without = noBase ? ` No baseline yet for ${noBase === imgs.length ? "any of them" : `${noBase} of ${imgs.length}`}.` : "";
  if (!compared.length) return `\u2139\uFE0F No baseline yet for any of the ${imgs.length} images.`;
  if (!moved.length)
    return `\u2705 No change beyond noise against the base in ${compared.length} of ${imgs.length} images; no step lost its cache.${without}`;
  return `\u2139\uFE0F Numbers moved in ${moved.map((o) => mdCode(o.id)).join(", ")}; no step lost its cache.${without}`;
}
var COLUMNS = [
  { key: "coldSeconds", label: "Cold" },
  { key: "warmSeconds", label: "Warm after a code change" },
  { key: "cacheHitRatio", label: "Cache hit ratio" },
  { key: "imageSizeBytes", label: "Image size" }
];
function headline(input) {
  const rows = input.images.map((o) => {
    if (!o.head) return `| \u274C ${mdCode(o.id)} | ${o.failed?.error.phase ?? ""} build failed | | | | \u274C |`;
    const single = commentInputOf({ ...o, head: o.head }, input);
    const cells = COLUMNS.map(
      (c) => cell(c.key, headValue(o.head, c.key, shownSizeKind(single)), o.comparison)
    );
    return `| ${statusIcon(o)} ${mdCode(o.id)} | ${cells.join(" | ")} | ${gatesCell(o.gates)} |`;
  });
  return [
    `| Image | ${COLUMNS.map((c) => c.label).join(" | ")} | Gates |`,
    "|---|--:|--:|--:|--:|:-:|",
    ...rows
  ].join("\n");
}
function headValue(r, key, kind) {
  if (key === "imageSizeBytes") return imageSize(r, kind);
  return r.summary[key];
}
function cell(key, value, c) {
  const m = c?.metrics.find((x) => x.key === key);
  const text = formatMetric(key, value);
  if (!m || m.delta === null) return text;
  const change = `${formatMetricDelta({ ...m, ratio: null })}${m.delta !== 0 && !m.significant ? " ~" : ""}`;
  return `${text} (${change})`;
}
function gatesCell(gates) {
  if (!gates.length) return "\u2013";
  const failed = gates.filter((g) => g.passed === false).length;
  const judged = gates.filter((g) => g.passed !== null).length;
  return failed ? `\u274C ${failed} of ${gates.length}` : judged ? `\u2705 ${judged} of ${gates.length}` : "\u2013";
}
function renderFooter(input) {
  const texts = new Set(input.images.filter((o) => o.head).map((o) => baselineText(o.baseline)));
  const base = texts.size === 1 ? [...texts][0] : `baselines: ${input.images.filter((o) => o.baseline).length} of ${input.images.length} images (each image's detail says which)`;
  const kind = input.images.find((o) => o.comparison)?.comparison?.sizeKind ?? input.sizeKind ?? "uncompressed";
  const version = input.images.find((o) => o.head)?.head?.tool.version ?? input.images[0]?.failed?.tool.version ?? "";
  const summary = input.summaryUrl ? ` \xB7 [full report](${input.summaryUrl})` : "";
  return `<sub>${base ?? "no baseline"} \xB7 ~ = within the noise floor \xB7 size is ${kind}${summary} \xB7 docker-cache-bench ${mdText(version)}</sub>`;
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
import { access, mkdtemp, rm, stat as stat2, writeFile as writeFile2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join as join3, resolve as resolve2 } from "node:path";
async function checkOutputPath(flag, path) {
  if (path === null || path === "-") return;
  const target = resolve2(path);
  const st = await stat2(target).catch(() => null);
  if (st?.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory (give a file name)`);
  const dir = dirname(target);
  const dirStat = await stat2(dir).catch(() => null);
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
  const dir = await mkdtemp(join3(tmpdir(), "dcb-stdin-"));
  const path = join3(dir, "Dockerfile");
  await writeFile2(path, text, { mode: 384 });
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
      renderImagesComment(outcomes, head.benchmarkId ?? "merged", null),
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
function renderImagesComment(outcomes, benchmarkId, summaryUrl) {
  const marker = commentMarker(benchmarkId);
  const only = outcomes.length === 1 ? outcomes[0] : void 0;
  if (only?.head)
    return renderComment({ marker, summaryUrl, ...only, head: only.head, benchmarkId: only.id });
  return renderMultiComment({ marker, benchmarkId, images: outcomes, summaryUrl });
}
async function readReportSet(patterns) {
  try {
    return mergeReportSets(await readReportFiles(patterns), TOOL_VERSION);
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
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
  const cwd = resolve3(args2.context);
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
    const st = await stat3(args2.input).catch(() => null);
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
  const verdict2 = parseVerdict(trace, seen);
  const name = args2.input === "-" ? "standard input" : args2.input;
  if (verdict2.code === 2) throw new UsageError(`${name}: ${verdict2.message}`);
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
  if (verdict2.message) output.err(`docker-cache-bench: ${name}: ${verdict2.message}
`);
  return verdict2.code;
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

// src/cli.ts
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
