import { describe, expect, it } from "vitest";
import type { HistoryPoint, MeasuredPoint } from "../../src/report/history-schema.js";
import { extendHistory, historyOf, pointOf, sameSizeKind } from "../../src/report/history.js";
import { parseReport, type Report } from "../../src/report/schema.js";
import { makeReport, step } from "../support/report.js";

const sha = (n: number) => String(n).padStart(2, "0").repeat(20);

function report(n: number, history?: HistoryPoint[]): Report {
  const r = makeReport({ warm: [step("RUN make", "done", 1, 4)], coldSeconds: 30 + n, warmSeconds: 5 + n });
  r.createdAt = `2026-11-${String(n).padStart(2, "0")}T10:00:00.000Z`;
  r.source = { commit: sha(n), branch: "main", pullRequest: null, baseCommit: null, baseBranch: null };
  if (history) r.history = history;
  return r;
}

const point = (n: number): MeasuredPoint => pointOf(report(n), "uncompressed");
const commits = (h: HistoryPoint[]) => h.map((p) => (p.status === "missing" ? `gap:${p.commit}` : p.commit));

/** The history after pushes 1..n, each with its `before` the previous push. */
function pushes(n: number, limit = 30): HistoryPoint[] {
  let previous: Report | null = null;
  for (let i = 1; i <= n; i++) {
    const r = report(i);
    r.history = extendHistory(previous, pointOf(r, "uncompressed"), "uncompressed", {
      limit,
      before: i > 1 ? sha(i - 1) : "0".repeat(40),
    });
    previous = r;
  }
  return previous?.history ?? [];
}

describe("pointOf", () => {
  it("takes the headline numbers, the run's date and commit, and the size of the kind asked", () => {
    expect(point(3)).toEqual({
      status: "measured",
      commit: sha(3),
      date: "2026-11-03T10:00:00.000Z",
      coldSeconds: 33,
      warmSeconds: 8,
      cacheHitRatio: 0,
      sizeBytes: 100_000_000,
      sizeKind: "uncompressed",
      sizeRounding: "exact",
    });
  });

  it("a compressed size the classic store never measured is null, of kind compressed, without rounding", () => {
    const p = pointOf(report(1), "compressed");
    expect([p.sizeBytes, p.sizeKind, p.sizeRounding]).toEqual([null, "compressed", null]);
  });
});

describe("extendHistory", () => {
  it("the first baseline of a branch starts the history with its own point", () => {
    expect(extendHistory(null, point(1), "uncompressed", { limit: 30, before: sha(0) })).toEqual([point(1)]);
  });

  it("appends push after push, oldest first", () => {
    expect(commits(pushes(5))).toEqual([1, 2, 3, 4, 5].map(sha));
  });

  it("keeps the last N points", () => {
    expect(commits(pushes(7, 3))).toEqual([5, 6, 7].map(sha));
  });

  it("an older baseline without history becomes the first point", () => {
    const h = extendHistory(report(1), point(2), "uncompressed", { limit: 30, before: sha(1) });
    expect(h).toEqual([point(1), point(2)]);
    expect(historyOf(report(1), "uncompressed")).toEqual([point(1)]);
  });

  it.each([
    {
      name: "a failed push in between: one gap at the event's before",
      before: sha(2),
      want: ["01", "gap:02", "03"],
    },
    { name: "the push right after the baseline: no gap", before: sha(1), want: ["01", "03"] },
    { name: "a new branch (before is all zeros): no gap", before: "0".repeat(40), want: ["01", "03"] },
    { name: "no before in the event: no gap", before: null, want: ["01", "03"] },
  ])("$name", ({ before, want }) => {
    const h = extendHistory(report(1, [point(1)]), point(3), "uncompressed", { limit: 30, before });
    expect(commits(h).map((c) => (c ?? "").replace(/^(gap:)?(..).*/, "$1$2"))).toEqual(want);
  });

  it("a gap counts against the cap, and one left first is dropped", () => {
    const h = extendHistory(report(1, [point(1)]), point(3), "uncompressed", { limit: 2, before: sha(2) });
    // [01, gap 02, 03] capped to two is [gap 02, 03]: the gap would lead, so it goes.
    expect(commits(h)).toEqual([sha(3)]);
  });

  it("a re-run of a commit replaces its point in place, without a gap", () => {
    const history = pushes(3);
    const rerun = { ...point(2), coldSeconds: 99 };
    const h = extendHistory(report(3, history), rerun, "uncompressed", { limit: 30, before: sha(1) });
    expect(commits(h)).toEqual([1, 2, 3].map(sha));
    expect(h[1]).toEqual(rerun);
  });

  it("a run that knows no commit is appended, never merged", () => {
    const anon = { ...point(2), commit: null };
    const h = extendHistory(report(1, [{ ...point(1), commit: null }]), anon, "uncompressed", { limit: 30 });
    expect(h).toHaveLength(2);
  });

  it("limit 0 keeps nothing", () => {
    expect(extendHistory(report(1), point(2), "uncompressed", { limit: 0 })).toEqual([]);
  });
});

describe("sameSizeKind", () => {
  it("compares kind and rounding: the containerd store's 4 KiB blocks are not the classic store's bytes", () => {
    const blocks = { ...point(1), sizeRounding: "4KiB-blocks" as const };
    expect(sameSizeKind(point(1), point(2))).toBe(true);
    expect(sameSizeKind(point(1), blocks)).toBe(false);
    expect(sameSizeKind(point(1), pointOf(report(1), "compressed"))).toBe(false);
  });
});

describe("a baseline's history when read back", () => {
  it("round-trips through the schema", () => {
    const r = report(5, pushes(5));
    expect(parseReport(JSON.parse(JSON.stringify(r))).history).toEqual(pushes(5));
  });

  it("a history this version cannot read is dropped, the baseline is kept", () => {
    const r = JSON.parse(JSON.stringify(report(2, [point(1)]))) as Record<string, unknown>;
    r.history = [{ status: "skipped-by-a-later-version", commit: sha(1) }];
    const parsed = parseReport(r);
    expect(parsed.history).toBeUndefined();
    expect(parsed.summary.coldSeconds).toBe(32);
  });

  it("any other invalid field still rejects the report", () => {
    const r = JSON.parse(JSON.stringify(report(2, [point(1)]))) as Record<string, unknown>;
    r.history = "nope";
    r.createdAt = 5;
    expect(() => parseReport(r)).toThrow(/createdAt/);
  });
});
