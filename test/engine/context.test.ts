// The build context's cost on the real engine: projects whose node_modules/.venv (tens of
// thousands of small files, generated here at test time) are sent with every build, and the
// same projects with a good .dockerignore.
import { mkdirSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import type { Finding, Report } from "../../src/report/schema.js";
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
  it("node_modules with 30,000 files and no .dockerignore: found, named, its cost measured", async () => {
    const dir = await copyProject("test/engine/projects/node-modules");
    generate(join(dir, "node_modules"), 300, FILES / 300);
    const report = await runBenchmark(benchOptions(dir));
    const ctx = report.context;
    expect(ctx?.files).toBeGreaterThanOrEqual(FILES);
    expect(ctx?.disposable?.[0]).toMatchObject({ path: "node_modules", kind: "dependencies", files: FILES });
    expect(ctx?.topDirs?.[0]).toMatchObject({ path: "node_modules", files: FILES });
    expect(ctx?.transferBytes).toBeGreaterThan(500_000);
    expect(ctx?.coldSeconds).toBeGreaterThan(0);
    expect(ctx?.warmSeconds).not.toBeNull();
    const f = contextFinding(report);
    expect(f?.rule).toBe("no-dockerignore");
    expect(f?.message).toMatch(/node_modules\/ \(30,000 files, [\d.]+ kB; line 9 makes it again\)/);
    expect(f?.seconds).toBeCloseTo(ctx?.coldSeconds ?? -1, 1);
    expect(f?.fix).toBe("# .dockerignore\nnode_modules");
    const img = byRule(report, "unneeded-dir-in-image");
    expect(img).toMatchObject({ line: 10, severity: "warning" });
    expect(img?.bytes).toBeGreaterThan(400_000);
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
  });
});
