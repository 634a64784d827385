// The build context's cost on the real engine: projects whose node_modules/.venv (tens of
// thousands of small files, generated here at test time) are sent with every build, and the
// same projects with a good .dockerignore.
import { mkdirSync, writeFileSync } from "node:fs";
import { appendFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import { verifyFixes } from "../../src/verify/index.js";
import type { Finding, Report } from "../../src/report/schema.js";
import { contextCostLine } from "../../src/report/context-cost.js";
import { renderTerminal } from "../../src/report/terminal.js";
import { benchOptions, copyProject } from "./helpers.js";

const FILES = 30_000;

/** `packages` directories of `perPackage` small files under `root`, the way npm and pip leave them. */
function generate(root: string, packages: number, perPackage: number): void {
  for (let p = 0; p < packages; p++) {
    const dir = join(root, `pkg${p}`, "lib");
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < perPackage; f++) writeFileSync(join(dir, `m${f}.js`), `module.exports = ${f};\n`);
  }
}

const contextFinding = (r: Report): Finding | undefined =>
  r.findings.find((f) => ["no-dockerignore", "context-cost", "git-in-context"].includes(f.rule));
const byRule = (r: Report, rule: string) => r.findings.find((f) => f.rule === rule);

describe("build context cost on the real engine", () => {
  it("node_modules with 30,000 files and no .dockerignore: found, named, its cost measured, the fix verified", async () => {
    const dir = await copyProject("test/engine/projects/node-modules");
    generate(join(dir, "node_modules"), 300, FILES / 300);
    const opts = benchOptions(dir);
    const measured = await runBenchmark(opts);
    const ctx = measured.context;
    expect(ctx?.files).toBeGreaterThanOrEqual(FILES);
    expect(ctx?.disposable?.[0]).toMatchObject({ path: "node_modules", kind: "dependencies", files: FILES });
    expect(ctx?.topDirs?.[0]).toMatchObject({ path: "node_modules", files: FILES });
    expect(ctx?.transferBytes).toBeGreaterThan(500_000);
    expect(ctx?.coldSeconds).toBeGreaterThan(0);
    expect(ctx?.warmSeconds).not.toBeNull();
    const found = contextFinding(measured);
    expect(found?.rule).toBe("no-dockerignore");
    expect(found?.message).toMatch(
      /^The build context is [\d.]+ [kM]B on disk in 30,0\d\d files \(BuildKit transferred [\d.]+ [kM]B\)/,
    );
    expect(found?.message).toMatch(/node_modules\/ \(30,000 files, [\d.]+ kB; line 9 makes it again\)/);
    expect(found?.seconds).toBeCloseTo(ctx?.coldSeconds ?? -1, 1);
    expect(found?.fix).toBe("# .dockerignore\nnode_modules");
    const img = byRule(measured, "unneeded-dir-in-image");
    expect(img).toMatchObject({ line: 10, severity: "warning" });
    expect(img?.bytes).toBeGreaterThan(400_000);

    // --verify-fixes: the suggested .dockerignore built in a copy and measured.
    const report = await verifyFixes(opts, measured, (o) => runBenchmark(o));
    const f = contextFinding(report);
    const v = f?.verification;
    expect(v?.status).toBe("passed");
    expect(v?.after?.imageBytes).toBeLessThan(v?.before.imageBytes ?? 0);
    expect(v?.after?.coldSeconds).toBeLessThan(v?.before.coldSeconds ?? 0);
    expect(v?.after?.contextSeconds).toBeLessThan(v?.before.contextSeconds ?? 0);
    const verified =
      /Verified in a temporary copy with the suggested \.dockerignore: load build context [\d.]+s → [\d.]+s, cold build [\d.]+s → [\d.]+s, warm build [\d.]+s → [\d.]+s, image −[\d.]+ [kM]B\./;
    expect(f?.message).toMatch(verified);
    // The CLI output names the context and shows the measured fix.
    const text = renderTerminal(report).replace(/\s+/g, " ");
    expect(text).toMatch(
      /Context [\d.]+ [kM]B on disk in 30,0\d\d files; BuildKit transferred [\d.]+ [kM]B; load build context [\d.]+s cold, [\d.]+s warm/,
    );
    expect(text).toMatch(verified);
    // The user's project is as it was; the copy lived in the private state dir and is gone.
    await expect(stat(join(dir, ".dockerignore"))).rejects.toThrow();
    expect(await readdir(join(opts.stateDir, "variants"))).toEqual([]);
  });

  it("the same project with a good .dockerignore: quiet", async () => {
    const dir = await copyProject("test/engine/projects/node-modules");
    generate(join(dir, "node_modules"), 300, FILES / 300);
    await writeFile(join(dir, ".dockerignore"), "node_modules\n.git\n");
    const report = await runBenchmark(benchOptions(dir));
    expect(report.context?.files).toBeLessThan(20);
    expect(report.context?.disposable).toEqual([]);
    expect(contextFinding(report)).toBeUndefined();
    expect(byRule(report, "unneeded-dir-in-image")).toBeUndefined();
    expect(contextCostLine(report)).toBeNull();
  });

  it("a Python project with a .venv: found as a virtualenv the build recreates, excluded, verified", async () => {
    const dir = await copyProject("test/engine/projects/python-venv");
    mkdirSync(join(dir, ".venv"), { recursive: true });
    writeFileSync(join(dir, ".venv", "pyvenv.cfg"), "home = /usr/bin\n");
    generate(join(dir, ".venv", "lib"), 50, 60);
    const opts = benchOptions(dir);
    const report = await verifyFixes(opts, await runBenchmark(opts), (o) => runBenchmark(o));
    expect(report.context?.disposable?.[0]).toMatchObject({ path: ".venv", kind: "virtualenv", files: 3001 });
    const f = contextFinding(report);
    expect(f?.message).toMatch(/\.venv\/ \(3,001 files, [\d.]+ kB; line 7 makes it again\)/);
    expect(f?.fix).toBe("# .dockerignore\n.venv");
    expect(f?.verification?.status).toBe("passed");
  });

  it("a build that needs its prebuilt dist/: the fix keeps it (a naive template would not), and the verified build passes", async () => {
    const dir = await copyProject("test/engine/projects/node-modules");
    generate(join(dir, "node_modules"), 20, 100);
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "server.js"), "console.log('prebuilt');\n");
    await appendFile(join(dir, "Dockerfile"), "RUN test -f dist/server.js\n");
    const opts = benchOptions(dir);
    const report = await verifyFixes(opts, await runBenchmark(opts), (o) => runBenchmark(o));
    expect(report.context?.disposable?.map((d) => d.path).sort()).toEqual(["dist", "node_modules"]);
    const f = contextFinding(report);
    const patterns = f?.fix.split("\n").filter((l) => !l.startsWith("#"));
    expect(patterns).toEqual(["node_modules"]);
    expect(f?.fix).toMatch(/^# dist\/ stays: line 12 \(RUN test -f dist\/server\.js\) needs it$/m);
    expect(f?.verification?.status).toBe("passed");
  });
});
