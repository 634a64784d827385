// Bake and compose files on the real engine: every target benchmarked (cold, touch, warm), one
// report set, one comment with a row per image, and gates judged per image.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReportSet } from "../../src/report/report-set.js";
import { BASE_IMAGE, copyProject, REPO } from "./helpers.js";

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(REPO, "src/cli.ts"), ...args], {
    encoding: "utf8",
    cwd: REPO,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
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
    const base = join(dir, "..", "base.json");
    const first = cli([
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
    const md = join(dir, "..", "comment.md");
    const second = cli([
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
  });

  it("a compose file: each service with a build is an image", async () => {
    const dir = await project();
    const json = join(dir, "..", "compose.json");
    const r = cli([
      "run",
      dir,
      "--bake",
      "compose.yaml",
      "--build-arg",
      `BASE=${BASE_IMAGE}`,
      "--json",
      json,
      "-q",
    ]);
    expect(r.code).toBe(0);
    const set = parseReportSet(JSON.parse(await readFile(json, "utf8")));
    expect(set.images.map((e) => e.id).sort()).toEqual(["api", "web"]);
    expect(set.images.every((e) => e.report?.touch.effective)).toBe(true);
    expect(r.stdout).toMatch(/^ {2}Image +Cold/m);
  });
});
