// Steps shared with another build (src/docker/build.ts stepTimings): BuildKit merges a step with
// the identical step of another build still running on the daemon, --no-cache or not, and the
// later build reports the earlier one's status and times. Real captures of a build started 1.5 s
// after another of the same project, both --no-cache, on Docker 28.5.2 with buildx 0.29.1
// (test/fixtures/progress/capture-shared.mjs, README.md there): its 4 s RUN was the other's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stepTimings } from "../../src/docker/build.js";
import type { BuildTrace, TraceStep } from "../../src/progress/model.js";
import { parseProgressText } from "../../src/progress/index.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/progress");

/** The trace and the per-block first/last arrival times the tool would have noted. */
function capture(name: string) {
  const log = readFileSync(join(FIXTURES, `${name}.log`), "utf8");
  const trace = parseProgressText(log);
  const seen = new Map<string, { first: number; last: number }>();
  let times: number[] = [];
  try {
    times = readFileSync(join(FIXTURES, `${name}.times`), "utf8")
      .trim()
      .split("\n")
      .map(Number);
  } catch {
    // rawjson fixtures of the other captures carry their own timestamps only
  }
  log.split("\n").forEach((line, i) => {
    const key = /^#(\d+) /.exec(line)?.[0].trim();
    const t = times[i];
    if (!key || t === undefined) return;
    const s = seen.get(key);
    if (s) s.last = t;
    else seen.set(key, { first: t, last: t });
  });
  return { trace, timings: stepTimings(trace, seen) };
}

function sharedSteps(name: string): string[] {
  const { trace, timings } = capture(name);
  return trace.steps.filter((s) => timings.get(s.key)?.shared).map((s) => s.instruction ?? "");
}

describe("steps shared with another build", () => {
  it("rawjson: every Dockerfile step that began before the build's own `load build definition`", () => {
    // FROM is never counted, WORKDIR was a cache hit; the first COPY ran for the other build but
    // was over before this one began (it cost this build nothing).
    expect(sharedSteps("modern-buildx-rawjson-shared")).toEqual([
      expect.stringMatching(/^RUN echo "installing" && sleep 4/),
    ]);
    // Offsets count from the build's own start: none before it, the shared RUN's end after it.
    const { trace, timings } = capture("modern-buildx-rawjson-shared");
    const run = trace.steps.find((s) => s.instruction?.startsWith("RUN"));
    expect(timings.get(run?.key ?? "")?.start).toBe(0);
    for (const t of timings.values()) expect(t.start).toBeGreaterThanOrEqual(0);
  });

  it("plain: a step whose own DONE seconds exceed the time since the client started", () => {
    expect(sharedSteps("modern-buildx-plain-shared")).toEqual([
      expect.stringMatching(/^RUN echo "installing" && sleep 4/),
    ]);
  });

  it.each([
    "modern-buildx-plain-alone",
    "buildx-rawjson-cold",
    "buildx-rawjson-warm",
    "modern-buildx-rawjson-link-cold",
    "modern-buildx-rawjson-link-warm",
    "modern-buildx-rawjson-cold",
    "modern-buildx-rawjson-warm",
    "buildx-rawjson-parallel",
  ])("%s, built alone: nothing shared", (name) => {
    expect(sharedSteps(name)).toEqual([]);
  });

  // The plain rule's slack: BuildKit prints DONE seconds rounded to 0.1, and the client prints
  // them a moment after the step ended; only more than 0.25 s beyond the client's age counts.
  it.each([
    { seconds: 4.2, last: 4.0, shared: false },
    { seconds: 4.3, last: 4.0, shared: true },
  ])(
    "plain: $seconds s reported $last s after the client started: shared $shared",
    ({ seconds, last, shared }) => {
      const step = {
        key: "#8",
        name: "[4/5] RUN make",
        instruction: "RUN make",
        status: "done",
        seconds,
      } as TraceStep;
      const trace = { format: "plain", steps: [step] } as BuildTrace;
      const timings = stepTimings(trace, new Map([["#8", { first: 0.5, last }]]));
      expect(timings.get("#8")?.shared ?? false).toBe(shared);
    },
  );
});
