// The Action's live progress writes only through log.ts: a build line cannot issue a workflow
// command, and a running step's name is redacted before it is cut to length.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { configureLog } from "../../src/action/log.js";
import { createActionProgress, PROGRESS_INTERVAL_MS } from "../../src/action/progress.js";
import { parseProgressText } from "../../src/progress/index.js";

const SECRET = "s3cr3t-value-long-enough-to-straddle-the-fifty-character-cut";

let written = "";
beforeEach(() => {
  written = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((written += String(chunk)), true));
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  configureLog({}, []);
});

describe("createActionProgress", () => {
  it("a build line that looks like a workflow command stays text", () => {
    const progress = createActionProgress("head");
    progress.onBuildLine?.("cold", "::error title=x::pwned");
    progress.onBuildLine?.("cold", "#3 ##[set-output name=a]b");
    for (const line of written.split("\n")) {
      expect(line.trim().startsWith("::error")).toBe(false);
      expect(line).not.toContain("##[");
    }
    expect(written.replace(/\u200b/g, "")).toContain("::error title=x::pwned");
  });

  it("the progress line names the running step with the value redacted, no prefix of it", () => {
    configureLog({ TOKEN: SECRET }, []);
    const trace = parseProgressText(`#1 [1/2] FROM x\n#1 DONE 0.1s\n#2 [2/2] RUN echo "t=${SECRET}"\n`);
    const progress = createActionProgress("head");
    progress.onBuildStart?.("cold", () => trace);
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS + 1);
    progress.stop();
    expect(written).toMatch(/^::group::cold build \(head\)$/m);
    expect(written).toContain('running [2/2] RUN echo "t=${TOKEN}"');
    expect(written).not.toContain(SECRET.slice(0, 6));
    expect(written).toMatch(/^::endgroup::$/m);
  });
});
