#!/usr/bin/env node
import { createRequire as __dcbCreateRequire } from "node:module"; const require = __dcbCreateRequire(import.meta.url);
import {
  BuildFailedError,
  NO_CACHE_NOTE,
  TOOL_VERSION,
  UsageError,
  coldCell,
  compareReports,
  contextCostLine,
  createProgressParser,
  defaultStateDir,
  describeProgress,
  errorMessage,
  evaluateGates,
  failedGatesMessage,
  formatBytes,
  formatPercent,
  formatSeconds,
  hasCachedColdStep,
  imageSize,
  isFromRow,
  joinSteps,
  parseBudgets,
  parseReport,
  parseSecretFlag,
  renderComparisonMarkdown,
  renderComparisonTerminal,
  renderFailureMarkdown,
  renderFailureTerminal,
  renderFindingsTerminal,
  renderGatesMarkdown,
  renderGatesTerminal,
  renderMarkdown,
  runBenchmark,
  splitBuildArg,
  splitPair,
  statusCell,
  stepText,
  verifyFixes,
  warmCell
} from "./chunks/chunk-YYURRJPG.js";

// src/cli/args.ts
import { parseArgs } from "node:util";
var USAGE = `Usage:
  docker-cache-bench run [CONTEXT] [options]     benchmark a build cold and warm after a code touch
  docker-cache-bench parse [LOG|-]               read a saved BuildKit progress log (plain or rawjson) \u2192 JSON
  docker-cache-bench compare BASE.json HEAD.json compare two run reports

Options for run:
  -f, --file PATH            Dockerfile (default: CONTEXT/Dockerfile)
      --target STAGE         build this stage
      --platform PLATFORM    e.g. linux/amd64
      --build-arg KEY=VALUE  repeatable; KEY alone takes the value from the environment.
                             Values are never printed or written to reports.
      --touch PATH           file to touch (relative to CONTEXT), repeatable; default: chosen
                             from the Dockerfile's last COPY/ADD of the build context
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
      --repeat N             run the warm build N times (each after its own touch); report the median
      --keep-image           keep the built images (tagged docker-cache-bench:\u2026)
      --wait                 if another run is touching the same file, wait for it
                             (default: refuse at once, naming its pid and host)
      --verify-fixes         build each verifiable fix (the suggested .dockerignore) in a temporary
                             copy of the project, cold and warm, and report what it measured
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

Exit codes: 0 ok, 1 a gate failed, 2 usage, environment or build failure, 3 the report was
written but a touched file is not exactly as before (the warning says what to do).`;
var TOPICS = ["run", "parse", "compare"];
function usageFor(topic) {
  if (topic === null) return USAGE;
  const [lines = "", ...sections] = USAGE.split("\n\n");
  const line = lines.split("\n").find((l) => l.includes(`docker-cache-bench ${topic} `)) ?? "";
  const wanted = sections.filter(
    (s) => s.startsWith(`Options for ${topic}`) || topic !== "parse" && s.startsWith("Gates") || s.startsWith("Exit codes")
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
      throw new UsageError(`help: unknown command "${topic}" (expected run, parse or compare)`);
    return { command: "help", topic };
  }
  if (command === "--version" || command === "-V" || command === "-v") return { command: "version" };
  if (TOPICS.includes(command) && (rest.includes("--help") || rest.includes("-h")))
    return { command: "help", topic: command };
  try {
    if (command === "run") return parseRun(rest, env);
    if (command === "parse") return parseParse(rest);
    if (command === "compare") return parseCompare(rest);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${command}: ${e instanceof Error ? e.message : String(e)}`);
  }
  throw new UsageError(`unknown command "${command}" (expected run, parse or compare)`);
}
function parseRun(args, env) {
  const { values, positionals } = parseArgs({
    args,
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
    wait: values.wait ?? false,
    repeat: positiveInteger("--repeat", values.repeat, 1),
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
    const value = arg.value ?? env[key];
    if (value === void 0)
      throw new UsageError(`--build-arg ${key}: no value given and ${key} is not set in the environment`);
    out[key] = value;
  }
  return out;
}
function parseParse(args) {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new UsageError("parse takes one LOG file (or - for stdin)");
  return { command: "parse", input: positionals[0] ?? "-" };
}
function parseCompare(args) {
  const { values, positionals } = parseArgs({
    args,
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
function positiveInteger(flag, raw, fallback) {
  if (raw === void 0) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a whole number \u2265 1, got "${raw}" (example: ${flag} 3)`);
  return n;
}

// src/cli/commands.ts
import { createReadStream } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";

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
    stepText(r.name, NAME_WIDTH),
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
      `${formatSeconds(s.warmSeconds)}${repeats(report)}  after touching ${report.touched.join(", ") || "nothing"}`
    ],
    [
      "Cache",
      s.steps ? `${s.cachedSteps} of ${s.steps} steps cached (${formatPercent(s.cacheHitRatio)}); ${s.rebuiltSteps} rebuilt, ${formatSeconds(s.warmRebuiltSeconds)} of step time` : "no Dockerfile steps in the warm build"
    ]
  ];
  if (s.firstRebuilt) {
    lines.push([
      "First rebuilt",
      `${stepText(s.firstRebuilt.name, NAME_WIDTH)}${s.firstRebuilt.line ? ` (Dockerfile line ${s.firstRebuilt.line})` : ""}`
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
      `${ctx.files.toLocaleString("en-US")} files, ${formatBytes(ctx.bytes ?? 0)} sent${secs.length ? `; load build context ${secs.join(", ")}` : ""}`
    ]);
  }
  const layers = report.image.layers.filter((l) => !l.emptyLayer).length;
  lines.push(["Image", `${describeSizes(report)}, ${layers} layers`]);
  const out = lines.map(([k, v]) => `  ${(k ?? "").padEnd(15)}${v}`);
  if (!report.touch.effective) {
    out.push(
      "",
      `  Note: the touch had no effect: the warm build rebuilt no step after changing ${report.touched.join(", ")}.`,
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

// src/report/versioned.ts
var OUTPUT_KINDS = {
  parse: { kind: "docker-cache-bench/parse", schemaVersion: 1 },
  comparison: { kind: "docker-cache-bench/comparison", schemaVersion: 1 }
};
function versioned(kind, body) {
  return { ...OUTPUT_KINDS[kind], ...body };
}

// src/cli/progress.ts
var TTY_INTERVAL_MS = 250;
var LOG_INTERVAL_MS = 1e4;
function createProgressReporter(stream, debug, quiet = false, verbose = false) {
  const tty = stream.isTTY === true;
  const started = performance.now();
  let phaseStarted = started;
  let snapshot = null;
  let phase = "";
  let timer = null;
  const elapsed = () => formatSeconds((performance.now() - started) / 1e3);
  const status = () => {
    if (!snapshot) return `${phase} \u2026 ${elapsed()}`;
    return `${phase}: ${describeProgress(snapshot())} \xB7 ${formatSeconds((performance.now() - phaseStarted) / 1e3)}`;
  };
  const clearLine = () => {
    if (tty) stream.write("\r\x1B[2K");
  };
  const print = (text) => {
    clearLine();
    stream.write(`${text}
`);
  };
  const tick = () => {
    if (tty) stream.write(`\r\x1B[2K${status()}`);
    else print(`  \u2026 ${status()}`);
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
    clearLine();
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
      timer = setInterval(tick, tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS);
      timer.unref();
    },
    // --verbose: the build's own log (redacted by the engine), indented under its phase line.
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

// src/cli/commands.ts
async function runCommand(args, io2) {
  const debug = io2.env.DOCKER_CACHE_BENCH_DEBUG === "1" || io2.env.RUNNER_DEBUG === "1";
  const reporter = createProgressReporter(io2.stderr, debug, args.quiet, args.verbose);
  let restoreProblems = 0;
  let report;
  try {
    const opts = {
      contextDir: args.context,
      dockerfile: args.file,
      target: args.target,
      platform: args.platform,
      buildArgs: args.buildArgs,
      docker: args.docker,
      builder: args.builder,
      mode: args.mode,
      progress: args.progress,
      touch: args.touch,
      keepImage: args.keepImage,
      repeat: args.repeat,
      stateDir: defaultStateDir(io2.env),
      buildOptions: args.buildOptions,
      wait: args.wait
    };
    const hooks = {
      ...reporter,
      onRestoreProblem: (message) => {
        restoreProblems++;
        reporter.onWarning?.(message);
      }
    };
    report = await runBenchmark(opts, hooks);
    if (args.verifyFixes) report = await verifyFixes(opts, report, (o) => runBenchmark(o, reporter));
  } catch (e) {
    if (e instanceof BuildFailedError) await writeFailedReport(args, e, io2);
    throw e;
  } finally {
    reporter.stop();
  }
  const base = args.baseline ? await readReport(args.baseline) : null;
  const kind = args.gates.sizeKind ?? "uncompressed";
  const comparison = base ? compareReports(base, report, args.noise, kind) : null;
  const gates = evaluateGates(report, comparison, base ? imageSize(base, kind) : null, args.gates);
  const json = JSON.stringify(report, null, 2) + "\n";
  if (args.json === "-") io2.stdout.write(json);
  else {
    if (args.json) await writeReportFile(args.json, json, io2);
    io2.stdout.write(renderTerminal(report));
    if (comparison) io2.stdout.write(`
Against ${args.baseline}:
${renderComparisonTerminal(comparison)}`);
  }
  if (args.markdown) {
    const extra = comparison ? `
${renderComparisonMarkdown(comparison)}` : "";
    await writeReportFile(args.markdown, renderMarkdown(report) + extra + gatesMarkdown(gates), io2);
  }
  const code = finishGates(gates, args.json === "-" ? io2.stderr : io2.stdout, io2);
  return restoreProblems > 0 ? EXIT_NOT_RESTORED : code;
}
async function writeReportFile(path, text, io2) {
  await writeFile(path, text);
  io2.stderr.write(`wrote ${path}
`);
}
function gatesMarkdown(gates) {
  return gates.length ? `
${renderGatesMarkdown(gates)}
` : "";
}
function finishGates(gates, table, io2) {
  if (!gates.length) return 0;
  table.write(`
Gates:
${renderGatesTerminal(gates)}`);
  const failed = failedGatesMessage(gates);
  if (!failed) return 0;
  io2.stderr.write(`docker-cache-bench: ${failed}
`);
  return 1;
}
async function writeFailedReport(args, e, io2) {
  const json = JSON.stringify(e.partial, null, 2) + "\n";
  if (args.json === "-") io2.stdout.write(json);
  else if (args.json) await writeReportFile(args.json, json, io2);
  if (args.markdown) await writeReportFile(args.markdown, renderFailureMarkdown(e.message, e.partial), io2);
}
var EXIT_NOT_RESTORED = 3;
async function parseCommand(args, io2) {
  if (args.input !== "-") {
    const st = await stat(args.input).catch(() => null);
    if (!st?.isFile()) throw new UsageError(`no such log file: ${args.input} (use - to read standard input)`);
  }
  const input = args.input === "-" ? io2.stdin : createReadStream(args.input);
  const parser = createProgressParser();
  for await (const line of createInterface({ input, crlfDelay: Infinity })) parser.line(line);
  const trace = parser.result();
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
  io2.stdout.write(JSON.stringify(out, null, 2) + "\n");
  return 0;
}
async function compareCommand(args, io2) {
  const [base, head] = await Promise.all([readReport(args.base), readReport(args.head)]);
  const kind = args.gates.sizeKind ?? "uncompressed";
  const c = compareReports(base, head, args.noise, kind);
  const gates = evaluateGates(head, c, imageSize(base, kind), args.gates);
  const json = JSON.stringify(versioned("comparison", c), null, 2) + "\n";
  if (args.json === "-") io2.stdout.write(json);
  else {
    if (args.json) await writeReportFile(args.json, json, io2);
    io2.stdout.write(renderComparisonTerminal(c));
  }
  if (args.markdown)
    await writeReportFile(args.markdown, renderComparisonMarkdown(c) + gatesMarkdown(gates), io2);
  return finishGates(gates, args.json === "-" ? io2.stderr : io2.stdout, io2);
}
async function readReport(path) {
  let text;
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

// src/cli.ts
async function main(argv, io2) {
  const args = parseCliArgs(argv, io2.env);
  switch (args.command) {
    case "help":
      io2.stdout.write(`${usageFor(args.topic)}
`);
      return 0;
    case "version":
      io2.stdout.write(`${TOOL_VERSION}
`);
      return 0;
    case "run":
      return runCommand(args, io2);
    case "parse":
      return parseCommand(args, io2);
    case "compare":
      return compareCommand(args, io2);
  }
}
var io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    const text = e instanceof BuildFailedError ? renderFailureTerminal(e.failure) : errorMessage(e);
    io.stderr.write(`docker-cache-bench: ${text}
`);
    if (e instanceof UsageError) io.stderr.write("run `docker-cache-bench --help` for usage\n");
    if (io.env.DOCKER_CACHE_BENCH_DEBUG === "1" && e instanceof Error && e.stack)
      io.stderr.write(`${e.stack}
`);
    process.exitCode = 2;
  }
);
