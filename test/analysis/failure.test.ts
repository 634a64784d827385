// The failure description from the captured failing builds (test/fixtures/progress, project
// `failing`: `RUN echo "about to fail" && echo "to stderr" >&2 && exit 3` on line 5).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { describeBuildFailure } from "../../src/analysis/failure.js";
import { parseDockerfile } from "../../src/dockerfile/index.js";
import { parseProgressText } from "../../src/progress/index.js";
import { createRedactor } from "../../src/report/redact.js";

const DIR = resolve(import.meta.dirname, "../fixtures/progress");
const model = parseDockerfile(readFileSync(join(DIR, "projects/failing/Dockerfile"), "utf8"), {});

describe("describeBuildFailure", () => {
  it.each([
    { name: "buildx plain", fixture: "buildx-plain-fail" },
    { name: "buildx rawjson", fixture: "buildx-rawjson-fail" },
    { name: "Docker 20.10 built-in BuildKit", fixture: "docker20-plain-fail" },
  ])("$name: step, line, exit code and the step's own output", ({ fixture }) => {
    const trace = parseProgressText(readFileSync(join(DIR, `${fixture}.log`), "utf8"));
    const e = describeBuildFailure("cold", { trace, exitCode: 1, stderrTail: [] }, model, null, (t) => t);

    expect(e).toMatchObject({ phase: "cold", line: 5, exitCode: 3 });
    expect(e.step).toMatch(/RUN echo "about to fail"/);
    expect(e.logTail).toEqual(["about to fail", "to stderr"]);
    expect(e.message).toMatch(/^cold build failed at step ".*" \(Dockerfile line 5\) with exit code 3: /);
  });

  it("redacts the step's output and the message", () => {
    const trace = parseProgressText(readFileSync(join(DIR, "buildx-plain-fail.log"), "utf8"));
    const redact = createRedactor({ WORD: "about to fail" });
    const e = describeBuildFailure("warm", { trace, exitCode: 1, stderrTail: [] }, model, null, redact);

    expect(e.logTail).toEqual(["${WORD}", "to stderr"]);
    expect(e.message).not.toContain("about to fail");
    expect(e.message).toMatch(/the cold build passed/);
  });

  it.each([
    { name: "buildx plain", fixture: "buildx-plain-pullfail" },
    { name: "Docker 20.10 built-in BuildKit", fixture: "docker20-plain-pullfail" },
  ])(
    "$name: a base image that cannot be resolved is named, with no touch hint on the warm build",
    ({ fixture }) => {
      const pullModel = parseDockerfile(readFileSync(join(DIR, "projects/pull-fail/Dockerfile"), "utf8"), {});
      const trace = parseProgressText(readFileSync(join(DIR, `${fixture}.log`), "utf8"));
      for (const phase of ["cold", "warm"] as const) {
        const e = describeBuildFailure(
          phase,
          { trace, exitCode: 1, stderrTail: [] },
          pullModel,
          null,
          (t) => t,
        );
        expect(e).toMatchObject({
          phase,
          exitCode: null,
          step: "[internal] load metadata for docker.io/dcb-fixture/absent-base:1",
        });
        expect(e.message).toContain("no such host");
        expect(e.message).toMatch(
          /the base image docker\.io\/dcb-fixture\/absent-base:1 could not be resolved/,
        );
        expect(e.message).not.toMatch(/the cold build passed/);
      }
    },
  );

  it("no step failed (the daemon refused the build): the last error line, no line or exit code", () => {
    const trace = parseProgressText("ERROR: failed to solve: failed to read dockerfile: no such file\n");
    const e = describeBuildFailure("cold", { trace, exitCode: 1, stderrTail: [] }, model, null, (t) => t);

    expect(e).toMatchObject({ step: null, line: null, exitCode: null, logTail: [] });
    expect(e.message).toBe("cold build failed: failed to solve: failed to read dockerfile: no such file");
  });
});
