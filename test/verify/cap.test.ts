// --verify-fixes builds at most MAX_VERIFIED_FIXES fixes a run, in the report's order, and the
// findings past the cap say they were not built. The benchmark is a fake that records which
// Dockerfile and .dockerignore each variant was built with; the temporary copies are real.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchmarkOptions } from "../../src/benchmark.js";
import { defaultBenchOptions } from "../support/bench-options.js";
import type { Finding, Report } from "../../src/report/schema.js";
import { MAX_VERIFIED_FIXES, verifyFixes } from "../../src/verify/index.js";
import { makeReport, step } from "../support/report.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Five stages, each `COPY . .` then a RUN that a reorder moves above it (line 4k + 4). */
const STAGES = 5;
const DOCKERFILE = Array.from({ length: STAGES }, (_, k) =>
  [`FROM busybox AS s${k}`, "WORKDIR /app", "COPY . .", `RUN echo stage-${k}`].join("\n"),
).join("\n");

function reorder(k: number, seconds: number): Finding {
  const copy = 4 * k + 3;
  return {
    rule: "touch-invalidated",
    line: copy + 1,
    severity: "warning",
    message: `stage ${k} rebuilt.`,
    fix: `RUN echo stage-${k}\nCOPY . .`,
    seconds,
    edit: {
      anchor: { line: copy, endLine: copy },
      before: [`RUN echo stage-${k}`],
      after: [],
      remove: [{ line: copy + 1, endLine: copy + 1 }],
    },
  };
}

const IGNORE: Finding = {
  rule: "no-dockerignore",
  line: null,
  severity: "warning",
  message: "The build context is 2.77 MB on disk in 30,005 files.",
  fix: "# .dockerignore\nnode_modules",
  seconds: 10,
};

async function project(findings: Finding[]) {
  const dir = await mkdtemp(join(tmpdir(), "dcb-verify-cap-"));
  dirs.push(dir);
  const context = join(dir, "context");
  await mkdir(join(context, "node_modules"), { recursive: true });
  await writeFile(join(context, "Dockerfile"), DOCKERFILE);
  await writeFile(join(context, "app.py"), "print('hi')\n");
  await writeFile(join(context, "node_modules", "x.js"), "module.exports = 1;\n");
  const opts = defaultBenchOptions(context, join(dir, "state"));
  const report: Report = { ...makeReport({ warm: [step("RUN echo", "done", 1, 4)] }), findings };
  /** What each variant build was: the stage whose RUN moved above its COPY, or the .dockerignore. */
  const built: string[] = [];
  const run = async (o: BenchmarkOptions): Promise<Report> => {
    const text = await readFile(o.dockerfile ?? join(o.contextDir, "Dockerfile"), "utf8");
    const moved = /RUN echo (stage-\d)\nCOPY \. \./.exec(text)?.[1];
    const ignore = await readFile(join(o.contextDir, ".dockerignore"), "utf8").catch(() => null);
    built.push(moved ?? (ignore?.includes("node_modules") ? ".dockerignore" : "?"));
    return makeReport({ warm: [step("RUN echo", "cached", null, 4)] });
  };
  const info: string[] = [];
  return { opts, report, run, built, info, onInfo: (m: string) => info.push(m) };
}

describe("--verify-fixes: at most MAX_VERIFIED_FIXES fixes a run", () => {
  it("six fixes: the first four in the report's order are built, the other two say why they were not", async () => {
    const findings = [IGNORE, reorder(0, 9), reorder(1, 8), reorder(2, 7), reorder(3, 6), reorder(4, 5)];
    const p = await project(findings);
    const out = await verifyFixes(p.opts, p.report, p.run, p.onInfo);
    expect(p.built).toEqual([".dockerignore", "stage-0", "stage-1", "stage-2"]);
    expect(out.findings.map((f) => f.verification?.status ?? null)).toEqual([
      "passed",
      "passed",
      "passed",
      "passed",
      null,
      null,
    ]);
    expect(out.findings.map((f) => f.notVerified ?? null)).toEqual([
      null,
      null,
      null,
      null,
      { reason: "cap", limit: 4 },
      { reason: "cap", limit: 4 },
    ]);
    // Not built, yet still applicable: the edit stays, and the message says why there are no numbers.
    for (const f of out.findings.slice(4)) {
      expect(f.edit).toBeDefined();
      expect(f.message).toMatch(
        /^stage \d rebuilt\. Not built with --verify-fixes: a run builds at most 4 fixes \(each is one more cold and warm build\) and 4 others came first\.$/,
      );
    }
    expect(p.info.filter((m) => m.startsWith("not verifying"))).toEqual([
      "not verifying the fix of touch-invalidated (line 16): 4 fixes built already",
      "not verifying the fix of touch-invalidated (line 20): 4 fixes built already",
    ]);
  });

  it("the report's order decides: a .dockerignore listed after four reorders is the one left out", async () => {
    const findings = [reorder(0, 9), reorder(1, 8), reorder(2, 7), reorder(3, 6), IGNORE];
    const p = await project(findings);
    const out = await verifyFixes(p.opts, p.report, p.run, p.onInfo);
    expect(p.built).toEqual(["stage-0", "stage-1", "stage-2", "stage-3"]);
    const ignore = out.findings.find((f) => f.rule === "no-dockerignore");
    expect(ignore?.verification).toBeUndefined();
    expect(ignore?.notVerified).toEqual({ reason: "cap", limit: 4 });
    expect(p.info).toContain("not verifying the fix of no-dockerignore: 4 fixes built already");
  });

  it.each([
    { name: "as many fixes as the cap: all built", fixes: MAX_VERIFIED_FIXES, limit: undefined, built: 4 },
    { name: "fewer: all built", fixes: 2, limit: undefined, built: 2 },
    { name: "a lower limit", fixes: 3, limit: 1, built: 1 },
  ])("$name", async ({ fixes, limit, built }) => {
    const findings = Array.from({ length: fixes }, (_, k) => reorder(k, 9 - k));
    const p = await project(findings);
    const out = await verifyFixes(p.opts, p.report, p.run, p.onInfo, limit);
    expect(p.built).toHaveLength(built);
    expect(out.findings.filter((f) => f.verification)).toHaveLength(built);
    expect(out.findings.filter((f) => f.notVerified)).toHaveLength(fixes - built);
  });

  it("findings without a buildable fix do not count against the cap", async () => {
    const advice: Finding = {
      ...IGNORE,
      rule: "apt-update-separate",
      line: 2,
      fix: "RUN apt-get update && …",
    };
    const comments: Finding = { ...IGNORE, fix: "# .dockerignore\n# list what the image does not need" };
    const findings = [comments, advice, advice, reorder(0, 9), reorder(1, 8), reorder(2, 7), reorder(3, 6)];
    const p = await project(findings);
    const out = await verifyFixes(p.opts, p.report, p.run, p.onInfo);
    expect(p.built).toEqual(["stage-0", "stage-1", "stage-2", "stage-3"]);
    expect(out.findings.some((f) => f.notVerified)).toBe(false);
  });
});
