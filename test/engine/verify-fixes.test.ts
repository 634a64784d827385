// --verify-fixes for Dockerfile fixes on the real engine: the reorder a finding suggests is
// applied to a temporary copy, built cold and warm after the same code change, and the finding
// says what it measured — or the fix is withdrawn because it did not build.
import { randomBytes } from "node:crypto";
import { appendFile, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import { parseReport } from "../../src/report/schema.js";
import { verifyFixes } from "../../src/verify/index.js";
import { spawnCli } from "./cli-run.js";
import { BASE_IMAGE, benchOptions, copyProject, REPO } from "./helpers.js";

const nonce = () => randomBytes(6).toString("hex");

describe("--verify-fixes: Dockerfile fixes", () => {
  it("examples/python-bad-order: the reorder is built, `RUN pip install` stays cached, numbers in the CLI output and the JSON", async () => {
    const dir = await copyProject("examples/python-bad-order");
    // Unique content, so no concurrent build of the same example shares these steps.
    await appendFile(join(dir, "requirements.txt"), `# nonce ${nonce()}\n`);
    const json = join(dir, "..", "report.json");
    const stateDir = join(dir, "..", "state");
    const run = await spawnCli(
      ["run", dir, "--build-arg", `BASE=${BASE_IMAGE}`, "--verify-fixes", "--json", json],
      { env: { DOCKER_CACHE_BENCH_STATE_DIR: stateDir } },
    ).done;
    expect(run.stderr).toMatch(
      /verifying the fix of dependency-install-after-context-copy \(line 7\) in a temporary copy/,
    );
    expect(run.code).toBe(0);
    const verified =
      /Verified in a temporary copy with this fix: `RUN pip install --no-cache-dir -r requirements\.txt` stays cached after the change to app\/\w+\.py; warm build ([\d.]+)s → ([\d.]+)s, cold build [\d.]+s → [\d.]+s, image [−+±][\d.]+ k?B/;
    expect(run.stdout.replace(/\s+/g, " ")).toMatch(verified);

    const report = parseReport(JSON.parse(await readFile(json, "utf8")));
    const f = report.findings.find((x) => x.rule === "dependency-install-after-context-copy");
    expect(f?.edit).toEqual({
      anchor: { line: 6, endLine: 6 },
      before: ["COPY requirements.txt ./", "RUN pip install --no-cache-dir -r requirements.txt"],
      after: [],
      remove: [{ line: 7, endLine: 7 }],
    });
    const v = f?.verification;
    expect(v?.status).toBe("passed");
    expect(v?.steps).toEqual([
      { instruction: "RUN pip install --no-cache-dir -r requirements.txt", line: 7, cached: true },
    ]);
    // 8 packages at 0.4 s each are reinstalled after every code change before, never after.
    expect(v?.before.warmSeconds).toBeGreaterThan(3);
    expect(v?.after?.warmSeconds).toBeLessThan((v?.before.warmSeconds ?? 0) - 2);
    expect(f?.message).toMatch(verified);
    // The temporary copy is gone, the user's Dockerfile untouched.
    expect(await readdir(join(stateDir, "variants"))).toEqual([]);
    expect(await readFile(join(dir, "Dockerfile"), "utf8")).toBe(
      await readFile(join(REPO, "examples/python-bad-order/Dockerfile"), "utf8"),
    );
  });

  it("a moved step that reads a file the COPY brings: the fix does not build and is withdrawn", async () => {
    const dir = await copyProject("test/engine/projects/reads-context");
    await appendFile(join(dir, "settings.ini"), `nonce = ${nonce()}\n`);
    const opts = benchOptions(dir);
    const report = await verifyFixes(opts, await runBenchmark(opts), (o) => runBenchmark(o));
    const f = report.findings.find((x) => x.rule === "touch-invalidated");
    expect(f?.line).toBe(6);
    expect(f?.verification?.status).toBe("failed");
    expect(f?.verification?.after).toBeNull();
    expect(f?.verification?.error).toMatch(/cold build failed at step .*RUN sleep 1\.5/);
    expect(f?.edit).toBeUndefined();
    expect(f?.fix).toMatch(/^# Suggestion withdrawn: the build failed with it in a temporary copy:\n/);
    expect(f?.fix).toMatch(/# Reorder by hand, keeping each step after the files and tools it uses\.$/);
  });
});
