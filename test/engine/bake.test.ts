// Bake and compose files on the real engine: every target benchmarked (cold, touch, warm), one
// report set, one comment with a row per image, and gates judged per image.
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReportSet } from "../../src/report/report-set.js";
import type { Report } from "../../src/report/schema.js";
import { spawnCli } from "./cli-run.js";
import { checkDocExample, stableComment } from "./doc-examples.js";
import { BASE_IMAGE, copyProject } from "./helpers.js";

const cli = (args: string[]) => spawnCli(args).done;

const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" });

/** Removes the images a `--keep-image` run kept (its `docker-cache-bench:<run>-cold`/`-warm` tags). */
function removeKept(report: Report): void {
  const runs = docker("image", "ls", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")
    .split("\n")
    .filter((l) => l.startsWith("docker-cache-bench:") && l.endsWith(report.image.id))
    .map((l) => (l.split(" ")[0] ?? "").replace(/-(cold|warm)$/, ""));
  for (const run of new Set(runs)) spawnSync("docker", ["image", "rm", `${run}-cold`, `${run}-warm`]);
}

/** The bake fixture project with a nonce in every image, so no other run's cache can answer for it. */
async function project(): Promise<string> {
  const dir = await copyProject("test/fixtures/bake/project");
  const nonce = randomUUID();
  for (const s of ["api", "web", "worker"])
    await writeFile(join(dir, "services", s, "requirements.txt"), `flask==3.0.3\n# ${nonce}\n`);
  return dir;
}

const rows = (md: string) =>
  md
    .split("\n")
    .filter((l) => /^\| (❌|⚠️|✅) <code>/.test(l))
    .map((l) => l.match(/<code>([^<]+)<\/code>/)?.[1]);

describe("run --bake", () => {
  it("three targets: one report, one comment with three rows; a regression in one fails only its gate", async () => {
    const dir = await project();
    // Outputs in a directory of their own: /tmp is shared with other runs of this file.
    const out = await mkdtemp(join(tmpdir(), "dcb-bake-"));
    const base = join(out, "base.json");
    const first = await cli([
      "run",
      dir,
      "--bake",
      "docker-bake.hcl",
      "--build-arg",
      `BASE=${BASE_IMAGE}`,
      "--json",
      base,
      "-q",
    ]);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    const set = parseReportSet(JSON.parse(await readFile(base, "utf8")));
    expect(set.bake).toEqual({ files: ["docker-bake.hcl"], targets: [] });
    expect(set.images.map((e) => [e.id, e.report?.build.target ?? null])).toEqual([
      ["api", "prod"],
      ["web", null],
      ["worker", null],
    ]);
    // Every image cold-built, touched and warm-built on its own: its own service file was touched.
    for (const e of set.images) {
      expect(e.report?.touched).toEqual(["main.py"]);
      expect(e.report?.summary.rebuiltSteps).toBe(1);
    }

    // api now copies its code before the install: the install loses its cache, in api only.
    await writeFile(
      join(dir, "services/api/Dockerfile"),
      'ARG BASE=python:3.12-slim\nFROM ${BASE} AS base\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nFROM base AS prod\nCMD ["python", "-m", "api"]\n',
    );
    const md = join(out, "comment.md");
    const second = await cli([
      "run",
      dir,
      "--bake",
      "docker-bake.hcl",
      "--build-arg",
      `BASE=${BASE_IMAGE}`,
      "--baseline",
      base,
      "--fail-on-cache-regression",
      "--markdown",
      md,
      "-q",
    ]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^docker-cache-bench: 1 gate failed:\n- api: fail-on-cache-regression: /m);
    const comment = await readFile(md, "utf8");
    expect(rows(comment)).toEqual(["api", "web", "worker"]);
    expect(comment).toMatch(/\| ❌ <code>api<\/code> .*\| ❌ 1 of 1 \|/);
    expect(comment).toMatch(/\| ✅ <code>web<\/code> .*\| ✅ 1 of 1 \|/);
    expect(comment).toMatch(/\| ✅ <code>worker<\/code> .*\| ✅ 1 of 1 \|/);
    expect(comment).toContain("RUN pip install --no-cache-dir -r requirements.txt</code> (line 5)");
    checkDocExample("multi-comment", comment, stableComment);
  });

  it("an application's compose file: each service that builds is an image, with its own context, Dockerfile, stage and args", async () => {
    const dir = await project();
    const out = await mkdtemp(join(tmpdir(), "dcb-compose-"));
    const [json, md] = [join(out, "compose.json"), join(out, "compose.md")];
    const argv = ["run", dir, "--bake", "docker-compose.yml", "--build-arg", `BASE=${BASE_IMAGE}`];
    const r = await cli([...argv, "--json", json, "--markdown", md, "--keep-image", "-q"]);
    const text = await readFile(json, "utf8").catch(() => "");
    if (!text) throw new Error(`no report written (exit ${r.code}): ${r.stderr}`);
    const set = parseReportSet(JSON.parse(text));
    try {
      expect(r.stderr).not.toMatch(/error|warning/i);
      expect(r.code).toBe(0);
      // The compose file's value reached the build (read from the kept image).
      const worker = set.images[1]?.report;
      const labels = docker(
        "image",
        "inspect",
        worker?.image.id ?? "",
        "--format",
        "{{json .Config.Labels}}",
      );
      expect(JSON.parse(labels)).toMatchObject({ "org.example.app-env": "production" });
    } finally {
      for (const e of set.images) if (e.report) removeKept(e.report);
    }
    // ... and no output shows it (every build-arg value is redacted, the compose file's too).
    expect(`${r.stdout}${r.stderr}${text}${await readFile(md, "utf8")}`).not.toContain("production");
    expect(set.bake).toEqual({ files: ["docker-compose.yml"], targets: [] });
    // `db` has only an image: nothing to build, so no entry and no warning.
    const built = set.images.map((e) => {
      const b = e.report?.build;
      return [e.id, b?.context.replace(dir, "."), b?.dockerfile, b?.target, b?.buildArgs.sort()];
    });
    expect(built).toEqual([
      ["api", "./services/api", "Dockerfile", "prod", ["BASE"]],
      ["worker", "./services/worker", "worker.Dockerfile", "prod", ["APP_ENV", "BASE"]],
    ]);
    for (const e of set.images) {
      // Its own code touched (never the Dockerfile, though COPY . . copies it), one step rebuilt.
      expect(e.report?.touched).toEqual(["main.py"]);
      expect(e.report?.summary.rebuiltSteps).toBe(1);
    }
    // Stage prod was built, not the dev stage beside it.
    const stages = set.images[1]?.report?.cold.steps.map((s) => s.name?.match(/^\[(\w+) \d/)?.[1]) ?? [];
    expect(new Set(stages.filter(Boolean))).toEqual(new Set(["base", "prod"]));
    // One row per service, in the terminal and in the comment.
    expect([...r.stdout.matchAll(/^ {2}(?:✅ |❌ |⚠️ )?(api|worker)\b/gm)].map((m) => m[1])).toEqual([
      "api",
      "worker",
    ]);
    expect(rows(await readFile(md, "utf8"))).toEqual(["api", "worker"]);
  });
});
