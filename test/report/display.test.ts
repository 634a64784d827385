// What every rendering shows of a step name: no `@sha256:` digest (the JSON keeps it), and a note
// wherever the cold (`--no-cache`) column says "cached".
import { describe, expect, it } from "vitest";
import { renderComment } from "../../src/report/comment.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { renderTerminal } from "../../src/report/terminal.js";
import { renderTimeline } from "../../src/report/timeline.js";
import type { Report, ReportStep } from "../../src/report/schema.js";
import { makeReport, step } from "../support/report.js";

const DIGEST = `@sha256:${"ab12".repeat(16)}`;
const FROM = `FROM docker.io/library/python:3.12-slim${DIGEST}`;

function report(coldWorkdir: ReportStep["status"], coldRun: ReportStep["status"] = "done"): Report {
  const from: ReportStep = { ...step(FROM, "done", 0.4, 1), name: `[1/3] ${FROM}` };
  const warm = [from, step("WORKDIR /app", "cached", null, 2), step("RUN make", "done", 2, 3)];
  const cold = [
    from,
    step("WORKDIR /app", coldWorkdir, coldWorkdir === "done" ? 0 : null, 2),
    step("RUN make", coldRun, coldRun === "done" ? 2 : null, 3),
  ];
  const r = makeReport({ cold, warm });
  for (const s of [...r.cold.steps, ...r.warm.steps]) {
    s.startOffset = s.line;
    s.endOffset = (s.line ?? 0) + 1;
  }
  return r;
}

const renders = {
  terminal: (r: Report) => renderTerminal(r),
  markdown: (r: Report) => renderMarkdown(r),
  comment: (r: Report) =>
    renderComment({
      marker: "<!-- m -->",
      benchmarkId: ".",
      head: r,
      base: null,
      baseline: null,
      comparison: null,
      gates: [],
      summaryUrl: null,
      baselineNote: null,
    }),
  timeline: (r: Report) => renderTimeline("Cold build", r.cold) ?? "",
};

describe.each(Object.entries(renders))("%s", (_, render) => {
  it("shows the FROM image without its digest", () => {
    const text = render(report("cached"));
    expect(text).toContain("python");
    expect(text).toContain("3.12-slim");
    expect(text).not.toContain("sha256:ab12");
  });
});

describe.each(Object.entries(renders).filter(([k]) => k !== "timeline"))("%s", (_, render) => {
  it("explains a step cached in the --no-cache build, only when there is one", () => {
    expect(render(report("cached"))).toMatch(
      /cached †[\s\S]*† --no-cache turns BuildKit's cache off for RUN, COPY and ADD only/,
    );
    expect(render(report("done"))).not.toContain("†");
  });
});

// A RUN cached under --no-cache was shared with another build's identical step (format.ts,
// sharedStep): its own mark and note, never the WORKDIR/FROM one that says it did no work.
describe.each(Object.entries(renders).filter(([k]) => k !== "timeline"))("%s", (_, render) => {
  it("marks a shared step (a RUN cached under --no-cache; a warm RUN the timings flag) with its own note", () => {
    const shared = render(report("done", "cached"));
    expect(shared).toMatch(
      /cached ‡[\s\S]*‡ Shared with another build: another build on the same Docker daemon/,
    );
    expect(shared).not.toContain("†");
    const both = render(report("cached", "cached"));
    expect(both).toContain("† --no-cache turns");
    expect(both).toContain("‡ Shared with another build");
    const warm = report("done");
    const run = warm.warm.steps.find((st) => st.instruction === "RUN make");
    if (run) Object.assign(run, { status: "done", seconds: 4.4, shared: true });
    expect(render(warm)).toMatch(/4\.4s ‡[\s\S]*‡ Shared with another build/);
  });
});
