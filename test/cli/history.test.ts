import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";
import { historyCommand, type HistoryArgs } from "../../src/cli/history.js";
import { createCliOutput } from "../../src/cli/output.js";
import { UsageError } from "../../src/errors.js";
import { pointOf } from "../../src/report/history.js";
import { entryOf, makeReportSet, type ReportSet } from "../../src/report/report-set.js";
import type { FailedReport, Report } from "../../src/report/schema.js";
import { makeReport, step } from "../support/report.js";

const sha = (n: number) => `${n}`.repeat(40);

function run(n: number): Report {
  const r = makeReport({
    warm: [step("RUN make", "done", 1, 4)],
    coldSeconds: 30 + n,
    warmSeconds: 3 + n / 10,
  });
  r.createdAt = `2026-11-0${n}T10:0${n}:00.000Z`;
  r.source = { commit: sha(n), branch: "main", pullRequest: null, baseCommit: null, baseBranch: null };
  return r;
}

async function file(report: unknown): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "dcb-history-")), "baseline.json");
  await writeFile(path, JSON.stringify(report));
  return path;
}

async function history(path: string, json = false, more: string[] = []): Promise<string> {
  let text = "";
  const args = parseCliArgs(["history", path, ...(json ? ["--json"] : []), ...more], {}) as HistoryArgs;
  // Through the CLI's real sink, as src/cli.ts passes it.
  const sink = { write: (t: string) => (text += t) };
  expect(await historyCommand(args, createCliOutput({ stdout: sink, stderr: sink }))).toBe(0);
  return text;
}

function baseline(): Report {
  const last = run(4);
  last.history = [
    pointOf(run(1), "uncompressed"),
    { status: "missing", commit: sha(2) },
    pointOf(run(3), "uncompressed"),
    pointOf(last, "uncompressed"),
  ];
  return last;
}

describe("history", () => {
  it("prints the points as a table, a gap as a row of its own, then the trend", async () => {
    const text = await history(await file(baseline()));
    expect(text.split("\n").slice(0, 7)).toEqual([
      expect.stringContaining("(main): 4 points, oldest first"),
      "",
      "  Commit   Finished (UTC)    Cold   Warm  Cache hit  Image",
      "  1111111  2026-11-01 10:01  31.0s  3.1s  0%         100 MB uncompressed",
      "  2222222  –                 no baseline saved for this push",
      "  3333333  2026-11-03 10:03  33.0s  3.3s  0%         100 MB uncompressed",
      "  4444444  2026-11-04 10:04  34.0s  3.4s  0%         100 MB uncompressed",
    ]);
    expect(text).toContain("Trend on main, oldest first (· = a push that saved no baseline):");
    expect(text).toMatch(/Cold build +▁·▆█ +31\.0s – 34\.0s, newest 34\.0s/);
  });

  it("--json: the points, versioned", async () => {
    const doc = JSON.parse(await history(await file(baseline()), true)) as Record<string, unknown>;
    expect(doc).toMatchObject({
      kind: "docker-cache-bench/history",
      schemaVersion: 1,
      branch: "main",
      stored: true,
    });
    expect(doc.points).toEqual(baseline().history);
  });

  it("a report without history is its own single point, and says so", async () => {
    const path = await file(run(1));
    expect(await history(path)).toContain("No history stored");
    const doc = JSON.parse(await history(path, true)) as { stored: boolean; points: unknown[] };
    expect([doc.stored, doc.points]).toEqual([false, [pointOf(run(1), "uncompressed")]]);
  });

  it.each([
    { name: "no file", argv: ["history"] },
    { name: "two files", argv: ["history", "a.json", "b.json"] },
    { name: "a size kind that does not exist", argv: ["history", "a.json", "--size-kind", "zipped"] },
  ])("usage error: $name", ({ argv }) => {
    expect(() => parseCliArgs(argv, {})).toThrow(UsageError);
  });
});

/** A bake run's set as the Action saves it from a push: each image its own baseline and history. */
function bakeSet(): ReportSet {
  const api = { ...baseline(), benchmarkId: "api" };
  const web = { ...run(4), benchmarkId: "web" };
  web.summary = { ...web.summary, coldSeconds: 12 };
  web.history = [pointOf(run(3), "uncompressed"), pointOf(web, "uncompressed")];
  const worker = { ...run(4), benchmarkId: "worker" };
  const failed: FailedReport = {
    ...worker,
    warm: null,
    error: { phase: "cold", step: null, line: null, exitCode: 1, message: "boom", logTail: [] },
  };
  return makeReportSet([entryOf(api), entryOf(web), entryOf(failed)], {
    version: "0.1.0",
    bake: { files: ["docker-bake.hcl"], targets: [] },
  });
}

describe("history of a report set (many images, each its own baseline)", () => {
  it("prints each image's points and trend under its id; a failed image says why it has none", async () => {
    const text = await history(await file(bakeSet()));
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^History of .*baseline\.json: 3 images, each its own baseline$/);
    const blocks = text.split("\n\n== ").slice(1);
    expect(blocks.map((b) => b.split("\n")[0])).toEqual([
      "api (main): 4 points, oldest first",
      "web (main): 2 points, oldest first",
      "worker (main): its build failed in the run that wrote this file: no baseline, no history",
    ]);
    expect(blocks[0]).toContain("  2222222  –                 no baseline saved for this push");
    expect(blocks[0]).toMatch(/Cold build +▁·▆█ +31\.0s – 34\.0s, newest 34\.0s/);
    expect(blocks[1]).toContain("  4444444  2026-11-04 10:04  12.0s  3.4s  0%         100 MB uncompressed");
    expect(blocks[1]).toMatch(/Cold build +█▁ +12\.0s – 33\.0s, newest 12\.0s/);
  });

  it("--image picks images by id, in the file's order", async () => {
    const text = await history(await file(bakeSet()), false, ["--image", "web", "--image", "api"]);
    expect(text.split("\n")[0]).toMatch(/3 images, each its own baseline \(2 shown\)$/);
    expect([...text.matchAll(/^== (\S+)/gm)].map((m) => m[1])).toEqual(["api", "web"]);
  });

  it("--json: one entry per image (schemaVersion 2), also when --image picks one", async () => {
    const path = await file(bakeSet());
    const all = JSON.parse(await history(path, true)) as { images: Record<string, unknown>[] };
    expect(all).toMatchObject({ kind: "docker-cache-bench/history", schemaVersion: 2 });
    expect(all.images.map((i) => [i.id, i.stored, i.failed, (i.points as unknown[]).length])).toEqual([
      ["api", true, false, 4],
      ["web", true, false, 2],
      ["worker", false, true, 0],
    ]);
    expect(all.images[0]?.points).toEqual(baseline().history);
    const one = JSON.parse(await history(path, true, ["--image", "web"])) as Record<string, unknown>;
    expect(one).toMatchObject({
      schemaVersion: 2,
      images: [{ id: "web", benchmarkId: "web", branch: "main" }],
    });
  });

  it("a set of one image (a bake file with one target) is still a set", async () => {
    const set = makeReportSet([entryOf({ ...baseline(), benchmarkId: "api" })], {
      version: "0.1.0",
      bake: { files: ["docker-bake.hcl"], targets: ["api"] },
    });
    const doc = JSON.parse(await history(await file(set), true)) as { schemaVersion: number };
    expect(doc.schemaVersion).toBe(2);
  });

  it("an image whose history this version cannot read keeps its baseline: its own run is its point", async () => {
    const set = JSON.parse(JSON.stringify(bakeSet())) as { images: { report: { history: unknown[] } }[] };
    set.images[0]!.report.history.push({ status: "from-the-future", commit: "x" });
    const text = await history(await file(set));
    expect(text).toContain("== api (main): 1 point, oldest first\n  No history stored");
    expect(text).toContain("== web (main): 2 points");
  });

  it.each([
    {
      name: "an id the set does not have",
      path: () => file(bakeSet()),
      image: "nosuch",
      error: /has no image "nosuch" \(its images: api, web, worker\)/,
    },
    {
      name: "an id other than a single report's",
      path: () => file(baseline()),
      image: "api",
      error: /its images: examples\/app\)/,
    },
  ])("usage error: --image with $name", async ({ path, image, error }) => {
    const args = parseCliArgs(["history", await path(), "--image", image], {}) as HistoryArgs;
    await expect(historyCommand(args, { out: () => undefined })).rejects.toThrow(error);
  });

  it("a single report picked by its own id prints as before", async () => {
    const path = await file({ ...baseline(), benchmarkId: "api" });
    expect((await history(path, false, ["--image", "api"])).split("\n")[0]).toMatch(
      /\(main\): 4 points, oldest first$/,
    );
  });
});
