import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";
import { historyCommand, type HistoryArgs } from "../../src/cli/history.js";
import { createCliOutput } from "../../src/cli/output.js";
import { UsageError } from "../../src/errors.js";
import { pointOf } from "../../src/report/history.js";
import type { Report } from "../../src/report/schema.js";
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

async function file(report: Report): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "dcb-history-")), "baseline.json");
  await writeFile(path, JSON.stringify(report));
  return path;
}

async function history(path: string, json = false): Promise<string> {
  const out = new PassThrough();
  let text = "";
  out.on("data", (d: Buffer) => (text += d.toString()));
  const args = parseCliArgs(["history", path, ...(json ? ["--json"] : [])], {}) as HistoryArgs;
  expect(await historyCommand(args, createCliOutput({ stdout: out, stderr: out }))).toBe(0);
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
