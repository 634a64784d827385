// Rendered comments are written to test/report/rendered/ so reviewers can read them.
import { describe, expect, it } from "vitest";
import { compareReports } from "../../src/compare/compare.js";
import { evaluateGates } from "../../src/compare/gates.js";
import { MAX_COMMENT_CHARS, renderComment, type CommentInput } from "../../src/report/comment.js";
import { BAD_STEPS, GOOD_STEPS, makeReport, step } from "../support/report.js";

const MARKER = "<!-- docker-cache-bench:. -->";

function input(over: Partial<CommentInput> & Pick<CommentInput, "head">): CommentInput {
  return {
    marker: MARKER,
    benchmarkId: ".",
    base: null,
    baseline: null,
    comparison: null,
    gates: [],
    summaryUrl: "https://github.com/acme/app/actions/runs/1",
    baselineNote: null,
    ...over,
  };
}

describe("renderComment", () => {
  it("a regression with a failing gate", async () => {
    const base = makeReport({ warm: GOOD_STEPS, warmSeconds: 3.1, sizeBytes: 120_000_000 });
    const head = makeReport({ warm: BAD_STEPS, warmSeconds: 44.6, sizeBytes: 120_400_000 });
    const comparison = compareReports(base, head);
    const gates = evaluateGates(head, comparison, base.image.sizeBytes, {
      maxImageSize: 250_000_000,
      maxImageGrowth: null,
      maxWarmSeconds: null,
      minCacheHitRatio: null,
      failOnCacheRegression: true,
    });
    const body = renderComment(
      input({
        head,
        base,
        comparison,
        gates,
        baseline: { source: "cache", commit: "0123456789abcdef", exact: true, branch: "main" },
      }),
    );
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain("❌ **1 gate failed**");
    expect(body).toContain("<code>RUN pip install -r requirements.txt</code> (line 7): 41.2s per build");
    await expect(body).toMatchFileSnapshot("rendered/comment-regression.md");
  });

  it("no change beyond noise", async () => {
    const base = makeReport({ warm: GOOD_STEPS, warmSeconds: 3.1 });
    const head = makeReport({ warm: GOOD_STEPS, warmSeconds: 3.4 });
    const body = renderComment(
      input({
        head,
        base,
        comparison: compareReports(base, head),
        baseline: { source: "build", commit: "fedcba9876543210", exact: true, branch: "main" },
      }),
    );
    expect(body).toContain("✅ No change beyond noise");
    await expect(body).toMatchFileSnapshot("rendered/comment-unchanged.md");
  });

  it("first run: no baseline yet", async () => {
    const body = renderComment(
      input({ head: makeReport({ warm: BAD_STEPS }), baselineNote: "Push to main once to store one." }),
    );
    expect(body).toContain("ℹ️ No baseline yet");
    expect(body).toContain("| | This PR |");
    await expect(body).toMatchFileSnapshot("rendered/comment-first-run.md");
  });

  it.each([
    { name: "a pull request", subject: "pull-request" as const, column: "This PR", warm: "(base → PR)" },
    {
      name: "a push or a dispatch",
      subject: "commit" as const,
      column: "This commit",
      warm: "(base → this commit)",
    },
  ])("the measured column is named for $name", ({ subject, column, warm }) => {
    const base = makeReport({ warm: GOOD_STEPS, warmSeconds: 3.1 });
    const head = makeReport({ warm: BAD_STEPS, warmSeconds: 44.6 });
    const withBase = renderComment(input({ head, base, comparison: compareReports(base, head), subject }));
    expect(withBase).toContain(`| | Base | ${column} | Change |`);
    expect(withBase).toContain(`| Step | Line | Cold | Warm after touch ${warm} |`);
    expect(renderComment(input({ head, subject }))).toContain(`| | ${column} |`);
    if (subject === "commit") expect(withBase).not.toMatch(/\bPR\b/);
  });

  it("hostile step names are escaped: no mention, no HTML, no broken table", () => {
    const evil = [step("RUN echo @octocat <img src=x onerror=alert(1)> | tee `x`", "done", 1, 5)];
    const body = renderComment(input({ head: makeReport({ warm: evil }) }));
    expect(body).not.toMatch(/@octocat/);
    expect(body).not.toMatch(/<img/);
    for (const line of body.split("\n").filter((l) => l.startsWith("| <code>")))
      expect(line.split(" | ").length).toBe(4);
  });

  it("a huge report stays under GitHub's limit: detail goes first, then a visible cut", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      step(`RUN echo ${"x".repeat(60)} ${i}`, "done", 1, i + 2),
    );
    const head = makeReport({ warm: many });
    const body = renderComment(input({ head }));
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toContain("Per-step times");
    expect(body).toMatch(
      /\| … 2800 more steps in the \[job summary\]\(https:\/\/github.com\/acme\/app\/actions\/runs\/1\)/,
    );
    expect(body.startsWith(MARKER)).toBe(true);

    const cut = renderComment(input({ head, baselineNote: "n".repeat(70_000) }));
    expect(cut.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(cut).toContain("✂️ This comment was cut");
    expect(cut).toContain("https://github.com/acme/app/actions/runs/1");
  });
});
