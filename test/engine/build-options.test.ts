// Builds that need more than build args, on the real engine: a secret mount and a named build
// context. The secret's value must never show: not in the output, the report, or any process's
// command line while the benchmark runs.
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import { NO_BUILD_OPTIONS } from "../../src/docker/build-options.js";
import { parseReport } from "../../src/report/schema.js";
import { currentEngine } from "../support/engine.js";
import { spawnCli } from "./cli-run.js";
import { BASE_IMAGE, benchOptions, copyProject, copyProjectUnique, REPO } from "./helpers.js";

const SECRET = "pypi-tok-4b1d2c9e77";

/** Every process's command line on the machine, right now. */
function commandLines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" "));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/** Runs the CLI, sampling every process's argv until it exits. */
async function cliWatchingArgv(args: string[], env: NodeJS.ProcessEnv) {
  const cli = spawnCli(args, { env });
  const leaks: string[] = [];
  let samples = 0;
  const timer = setInterval(() => {
    samples++;
    leaks.push(...commandLines().filter((c) => c.includes(SECRET)));
  }, 50);
  const r = await cli.done;
  clearInterval(timer);
  return { ...r, leaks, samples };
}

describe("build options on the real engine", () => {
  it("a build that needs a secret: benchmarked through --secret id=…,env=…; the value is never seen", async () => {
    const dir = await copyProjectUnique("test/engine/projects/needs-secret", "requirements.txt");
    const json = join(dir, "..", "secret.json");
    const r = await cliWatchingArgv(
      [
        "run",
        dir,
        "--build-arg",
        `BASE=${BASE_IMAGE}`,
        "--secret",
        "id=pip_token,env=PIP_TOKEN",
        "--json",
        json,
        "--verbose",
      ],
      { PIP_TOKEN: SECRET, DOCKER_CACHE_BENCH_DEBUG: "1" },
    );

    expect(r.code, r.stderr).toBe(0);
    const report = parseReport(JSON.parse(await readFile(json, "utf8")));
    const install = report.cold.steps.find((s) => s.instruction?.includes("--mount=type=secret"));
    expect(install?.status).toBe("done");
    expect(r.stderr).toMatch(/debug: exec: .*--secret id=pip_token,env=PIP_TOKEN/);
    // --verbose streams the build's log: the step printed the token, the tool shows its name.
    expect(r.stderr).toMatch(/^ {2}#\d+ .*index token: \$\{pip_token\}$/m);
    expect(r.samples).toBeGreaterThan(20);
    expect(r.leaks).toEqual([]);
    expect(r.stdout + r.stderr + JSON.stringify(report)).not.toContain(SECRET);
  });

  it("without the secret the build fails and says which step needed it", async () => {
    const dir = await copyProjectUnique("test/engine/projects/needs-secret", "requirements.txt");
    const error = await runBenchmark(benchOptions(dir)).catch((e: unknown) => e);
    expect(String(error)).toMatch(
      /cold build failed at step ".*--mount=type=secret.*" \(Dockerfile line 7\)/,
    );
  });

  it("an inline secret value (the Action's secrets: input) reaches docker through its environment only", async () => {
    const dir = await copyProjectUnique("test/engine/projects/needs-secret", "requirements.txt");
    const debug: string[] = [];
    const report = await runBenchmark(
      benchOptions(dir, {
        buildOptions: {
          ...NO_BUILD_OPTIONS,
          secrets: [{ id: "pip_token", source: { kind: "value", value: SECRET } }],
        },
      }),
      { onDebug: (m) => debug.push(m) },
    );

    expect(report.summary.steps).toBeGreaterThan(0);
    expect(debug.join("\n")).toMatch(/--secret id=pip_token,env=DOCKER_CACHE_BENCH_SECRET_0/);
    expect(JSON.stringify(report) + debug.join("\n")).not.toContain(SECRET);
  });

  it("a build that needs a named build context: benchmarked with --build-context (BuildKit ≥ 0.10)", async () => {
    const dir = await copyProject("test/engine/projects/needs-context");
    const shared = join(REPO, "test/engine/projects/needs-context-shared");
    const run = runBenchmark(
      benchOptions(dir, { buildOptions: { ...NO_BUILD_OPTIONS, buildContexts: { shared } } }),
    );
    if (currentEngine().serverMajor < 23) {
      // Docker 20.10's BuildKit 0.8 frontend has no named contexts: the failure must say so.
      await expect(run).rejects.toThrow(/frontend\.contexts/);
      return;
    }
    const report = await run;
    const copy = (steps: typeof report.cold.steps) =>
      steps.find((s) => s.instruction?.startsWith("COPY --from=shared"));
    expect(copy(report.cold.steps)?.status).toBe("done");
    expect(copy(report.warm.steps)?.status).toBe("cached");
    expect(report.touched).toEqual(["app/main.py"]);
  });
});
