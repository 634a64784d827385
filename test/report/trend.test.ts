// The trend table in the comment, the job summary and the terminal; the rendered markdown is in
// test/report/rendered/trend.md for reviewers.
import { describe, expect, it } from "vitest";
import { compareReports } from "../../src/compare/compare.js";
import { renderComment } from "../../src/report/comment.js";
import type { HistoryPoint, MeasuredPoint } from "../../src/report/history-schema.js";
import { pointOf } from "../../src/report/history.js";
import type { Report } from "../../src/report/schema.js";
import {
  GAP,
  renderTrendMarkdown,
  renderTrendTerminal,
  sparkline,
  trendOf,
  trendRows,
} from "../../src/report/trend.js";
import { makeReport, step } from "../support/report.js";

const sha = (n: number) => `${n}`.padStart(2, "0").repeat(20);

function run(n: number, cold: number, warm: number, size: number, over: Partial<Report> = {}): Report {
  const r = makeReport({
    warm: [step("RUN make", "done", 1, 4)],
    coldSeconds: cold,
    warmSeconds: warm,
    sizeBytes: size,
  });
  r.createdAt = `2026-11-${`${n}`.padStart(2, "0")}T10:00:00.000Z`;
  r.source = { commit: sha(n), branch: "main", pullRequest: null, baseCommit: null, baseBranch: null };
  return { ...r, ...over };
}

const point = (r: Report): MeasuredPoint => pointOf(r, "uncompressed");
const MB = 1_000_000;

/** main: five pushes, the fourth saved nothing; the base is the fifth. */
function baseWithHistory(): Report {
  const pushes = [run(1, 30, 3, 120 * MB), run(2, 31, 3.2, 120 * MB), run(3, 29, 3.1, 121 * MB)];
  const base = run(5, 30.5, 3, 121 * MB);
  const history: HistoryPoint[] = [...pushes.map(point), { status: "missing", commit: sha(4) }, point(base)];
  return { ...base, history };
}

const pr = () =>
  run(6, 31, 42.5, 125 * MB, {
    source: { commit: sha(6), branch: "feature", pullRequest: 7, baseCommit: sha(5), baseBranch: "main" },
  });

describe("sparkline", () => {
  it.each([
    { name: "lowest to highest", values: [1, 2, 3, 4, 5, 6, 7, 8], want: "▁▂▃▄▅▆▇█" },
    { name: "all equal: the middle", values: [5, 5, 5], want: "▄▄▄" },
    { name: "a gap", values: [1, null, 2], want: `▁${GAP}█` },
  ])("$name", ({ values, want }) => {
    expect(sparkline(values)).toBe(want);
  });
});

describe("trendOf", () => {
  it("a pull request: the base's history, then the PR", () => {
    const t = trendOf(baseWithHistory(), pr(), "uncompressed");
    expect(t?.points).toHaveLength(5);
    expect(t?.current?.label).toBe("this PR");
    expect(t?.branch).toBe("main");
  });

  it("a push that saved its baseline: its own history, its point last", () => {
    const base = baseWithHistory();
    const t = trendOf(null, base, "uncompressed");
    expect(t?.points).toHaveLength(4);
    expect(t?.current).toMatchObject({ label: "this push", point: { commit: sha(5) } });
  });

  it.each([
    { name: "no base", base: null, head: pr() },
    { name: "a base without history (older baseline, baseline: build)", base: run(5, 30, 3, MB), head: pr() },
    {
      name: "a base with one point: the metrics table already says it",
      base: { ...run(5, 30, 3, MB), history: [point(run(5, 30, 3, MB))] },
      head: pr(),
    },
  ])("$name: no trend", ({ base, head }) => {
    expect(trendOf(base, head, "uncompressed")).toBeNull();
  });
});

describe("trendRows", () => {
  it("scales the PR with the branch, shows the gap, and gives range, newest and the PR", () => {
    const rows = trendRows(trendOf(baseWithHistory(), pr(), "uncompressed")!);
    const warm = rows.find((r) => r.label.startsWith("Warm"));
    expect(warm).toEqual({
      label: "Warm build after a code change",
      spark: `▁▁▁${GAP}▁ █`,
      range: "3.0s – 3.2s",
      newest: "3.0s",
      current: "42.5s",
    });
  });

  it("never puts sizes of another kind or rounding on the scale", () => {
    const base = baseWithHistory();
    const history = (base.history ?? []).map((p, i) =>
      p.status === "measured" && i < 2
        ? { ...p, sizeRounding: "4KiB-blocks" as const, sizeBytes: 999 * MB }
        : p,
    );
    const rows = trendRows(trendOf({ ...base, history }, pr(), "uncompressed")!);
    const size = rows.find((r) => r.label.startsWith("Image size"));
    expect(size?.spark.slice(0, 2)).toBe(GAP + GAP);
    expect(size?.range).toBe("121 MB");
  });
});

describe("in the comment", () => {
  it("a collapsed table after the metrics, small", async () => {
    const base = baseWithHistory();
    const head = pr();
    const body = renderComment({
      marker: "<!-- docker-cache-bench:. -->",
      benchmarkId: ".",
      head,
      base,
      baseline: { source: "cache", commit: sha(5), exact: true, branch: "main" },
      comparison: compareReports(base, head),
      gates: [],
      summaryUrl: null,
      baselineNote: null,
    });
    const trend = renderTrendMarkdown(trendOf(base, head, "uncompressed"));
    expect(body).toContain(trend);
    expect(trend.length).toBeLessThan(1200);
    expect(trend.split("\n")[0]).toBe(
      "<details><summary>📈 Trend on <code>main</code>: last 5 pushes and this PR</summary>",
    );
    await expect(trend + "\n").toMatchFileSnapshot("rendered/trend.md");
  });

  it("thirty points and the PR stay a few hundred characters per row", () => {
    const history = Array.from({ length: 30 }, (_, i) =>
      point(run(i + 1, 30 + (i % 7), 3 + (i % 3), 120 * MB + i * MB)),
    );
    const trend = renderTrendMarkdown(trendOf({ ...run(30, 30, 3, MB), history }, pr(), "uncompressed"));
    expect(trend.length).toBeLessThan(1500);
    expect(trend).toContain("last 30 pushes and this PR");
  });
});

describe("in the terminal", () => {
  it("one line per metric", () => {
    const lines = renderTrendTerminal(trendOf(baseWithHistory(), pr(), "uncompressed"));
    expect(lines[0]).toBe(
      `Trend on main, oldest first (${GAP} = a push that saved no baseline), then this PR:`,
    );
    expect(lines.find((l) => l.includes("Cold build"))).toMatch(
      /Cold build +\S+ \S +29\.0s – 31\.0s, newest 30\.5s, this PR 31\.0s/,
    );
  });
});
