// Secrets on the real engine.
// 1. No build-arg value in what the tool's builds leave behind (issue 8): buildx ≥ 0.14 writes
//    provenance with the build args into the metadata file unless BUILDX_METADATA_PROVENANCE=disabled,
//    and the tool must not add the value to labels or the image beyond what the Dockerfile itself
//    bakes in (BuildKit records `|1 TOKEN=…` for a RUN with the ARG in scope, and on Docker 28.5 an
//    `ARG TOKEN=…` entry too: that is the user's Dockerfile, and the report redacts it).
// 2. A build-arg value used in a step that runs longer than the progress interval is never printed
//    by the CLI (stdout, stderr, live progress line), and never appears in the command line of any
//    process while the build runs (sampled from /proc/*/cmdline) (issue 7).
import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild } from "../../src/docker/build.js";
import { NO_BUILD_OPTIONS } from "../../src/docker/build-options.js";
import { detectDocker } from "../../src/docker/detect.js";
import { removeImage } from "../../src/docker/inspect.js";
import { spawnCli } from "./cli-run.js";
import { BASE_IMAGE, copyProject, MODES } from "./helpers.js";

const SECRET = "dcb-secret-value-8c41f0";
const SLOW_SECRET = "s3cr3t-TOKEN-value-0123456789";

describe.each(MODES)("build-arg values via $label", ({ docker, mode }) => {
  it("stay out of the metadata file and the image's labels and config", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dcb-secrets-"));
    // TOKEN is declared after the only RUN: no RUN has it in scope, so nothing of the Dockerfile's
    // own making holds its value (a RUN after it would record `|1 TOKEN=…` in the history).
    await writeFile(join(dir, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN echo built > /built\nARG TOKEN\n");
    const env = await detectDocker({ docker, mode });
    const tag = `docker-cache-bench:secrets-${mode}`;
    const r = await runBuild(env, {
      contextDir: dir,
      dockerfile: null,
      target: null,
      platform: null,
      buildArgs: { BASE: BASE_IMAGE, TOKEN: SECRET },
      noCache: true,
      tag,
      progress: env.rawjson ? "rawjson" : "plain",
      options: NO_BUILD_OPTIONS,
    });
    try {
      expect(r.exitCode, r.stderrTail.join("\n")).toBe(0);
      if (mode === "buildx") {
        expect(r.metadata).not.toBeNull();
        expect(JSON.stringify(r.metadata)).not.toContain(SECRET);
        expect(Object.keys(r.metadata ?? {})).not.toContain("buildx.build.provenance");
      }
      expect(r.trace.steps.map((s) => s.name).join("\n")).not.toMatch(/provenance/);
      const config = execFileSync(docker, ["image", "inspect", "--format", "{{json .Config}}", tag], {
        encoding: "utf8",
      });
      const history = execFileSync(docker, ["history", "--no-trunc", "--format", "{{.CreatedBy}}", tag], {
        encoding: "utf8",
      });
      expect(config).not.toContain(SECRET);
      // Newer BuildKit (Docker 28.5) records the ARG instruction itself in the history, value
      // included: that is the Dockerfile's doing (the report redacts it); nothing else may hold it.
      const holding = history.split("\n").filter((l) => l.includes(SECRET));
      expect(holding.every((l) => l.startsWith(`ARG TOKEN=${SECRET}`))).toBe(true);
    } finally {
      await removeImage(env, tag);
    }
  });
});

/** Every process's argv, read every 100 ms until stopped: the ones that held `needle`, and how many samples saw a build. */
function sampleCmdlines(needle: string) {
  const leaks = new Set<string>();
  let buildSamples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const pid of await readdir("/proc").catch(() => [])) {
        if (!/^\d+$/.test(pid)) continue;
        const argv = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
        if (argv.includes(needle)) leaks.add(argv.replace(/\0/g, " "));
        if (argv.includes("--build-arg\0TOKEN")) buildSamples++;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { leaks: [...leaks], buildSamples };
    },
  };
}

// The value comes from the environment (`--build-arg TOKEN`), as the README recommends:
// `--build-arg TOKEN=value` would put it in this process's own argv.
const runCli = (args: string[]) => spawnCli(args, { env: { TOKEN: SLOW_SECRET } }).done;

describe.each(MODES)("a secret in a slow step ($label)", ({ docker, mode }) => {
  it("is never printed, and never in any process's command line", async () => {
    const dir = await copyProject("test/engine/projects/slow-secret");
    const sampler = sampleCmdlines(SLOW_SECRET);
    const r = await runCli([
      "run",
      dir,
      "--docker",
      docker,
      "--mode",
      mode,
      "--build-arg",
      `BASE=${BASE_IMAGE}`,
      "--build-arg",
      "TOKEN",
      // Build args under names docker itself reads (its config dir, where it finds programs): they
      // reach docker only through its environment too, so it must keep working with them set.
      "--build-arg",
      "HOME=/nonexistent/home",
      "--build-arg",
      "PATH=/nonexistent/bin",
      "--json",
      "-",
    ]);
    const { leaks, buildSamples } = await sampler.stop();

    expect(r.code, r.stderr).toBe(0);
    // The progress line did print the running step, with the value redacted.
    expect(r.stderr).toMatch(/running \[(?:[\w.-]+ )?\d+\/\d+\] RUN echo "t=\$\{TOKEN\}"/);
    expect(r.stderr).not.toContain(SLOW_SECRET.slice(0, 8));
    expect(r.stdout).not.toContain(SLOW_SECRET.slice(0, 8));
    // The sampler saw docker's own process (so an empty leak list means something).
    expect(buildSamples).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});
