import { describe, expect, it } from "vitest";
import { criticalPath, renderTimeline } from "../../src/report/timeline.js";
import type { BuildRun, ReportStep } from "../../src/report/schema.js";

const s = (
  instruction: string,
  stage: string | null,
  start: number,
  end: number,
  line: number,
  status: ReportStep["status"] = "done",
): ReportStep => ({
  name: instruction,
  instruction,
  stage,
  platform: null,
  status,
  seconds: end - start,
  line,
  error: null,
  startOffset: start,
  endOffset: end,
});
const run = (steps: ReportStep[]): BuildRun => ({ wallSeconds: 20, format: "rawjson", imageId: null, steps });

describe("renderTimeline", () => {
  it("parallel stages get their own sections; the critical path is the chain that ends last", async () => {
    const chart = renderTimeline(
      "Cold build",
      run([
        s("RUN pip install -r requirements.txt", "deps", 0.5, 16.4, 5),
        s("RUN npm run build: assets", "assets", 0.4, 9.3, 11),
        s("COPY --from=deps /deps /app/deps", "runtime", 16.5, 16.6, 16),
        s("COPY --from=assets /assets /app/assets", "runtime", 16.6, 16.7, 17),
        s("WORKDIR /app", "runtime", 0, 0, 15, "cached"),
      ]),
    );
    expect(chart).toContain("  section deps");
    expect(chart).toContain("  section assets");
    expect(chart).toContain("RUN pip install -r requirements.txt L5 :crit, done, 500, 16400");
    expect(chart).toContain("RUN npm run build assets L11 :done, 400, 9300");
    expect(chart).not.toContain("WORKDIR");
    await expect(chart).toMatchFileSnapshot("rendered/timeline-parallel.md");
  });

  it("no timings (an old report): no chart", () => {
    expect(
      renderTimeline(
        "x",
        run([{ ...s("RUN a", null, 0, 1, 2), startOffset: undefined, endOffset: undefined }]),
      ),
    ).toBeNull();
  });

  it("criticalPath follows the chain, not the longest single task", () => {
    const a = { start: 0, end: 5 };
    const b = { start: 0, end: 8 };
    const c = { start: 8, end: 9 };
    expect([...criticalPath([a, b, c])]).toEqual([c, b]);
  });
});
