// The readable build log from real captured streams (test/fixtures/progress, project `failing`).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogRenderer, describeProgress } from "../../src/progress/log-text.js";
import { parseProgressText } from "../../src/progress/index.js";

const DIR = resolve(import.meta.dirname, "../fixtures/progress");

function render(fixture: string): string[] {
  const out: string[] = [];
  const r = createLogRenderer((t) => out.push(t));
  for (const line of readFileSync(join(DIR, `${fixture}.log`), "utf8").split("\n")) r.line(line);
  return out;
}

describe("createLogRenderer", () => {
  it("rawjson reads like plain: step names, their output, DONE/CACHED/ERROR, the final error", () => {
    const out = render("buildx-rawjson-fail");
    const run = out.find((l) => l.includes('RUN echo "about to fail"')) ?? "";
    const n = /^#(\d+) /.exec(run)?.[1];
    expect(n).toBeDefined();
    expect(out).toContain(`#${n} about to fail`);
    expect(out).toContain(`#${n} to stderr`);
    expect(out.filter((l) => l.startsWith(`#${n} ERROR: `))).toHaveLength(1);
    expect(out.some((l) => /^#\d+ CACHED$/.test(l))).toBe(true);
    expect(out.some((l) => /^#\d+ DONE \d+\.\ds$/.test(l))).toBe(true);
    expect(out.at(-1)).toMatch(/^ERROR: failed to solve: /);
    expect(out.some((l) => l.trimStart().startsWith("{") || l.includes('"digest"'))).toBe(false);
  });

  it("plain passes through as it is", () => {
    const text = readFileSync(join(DIR, "buildx-plain-fail.log"), "utf8").split("\n");
    expect(render("buildx-plain-fail")).toEqual(text);
  });

  it("progress line: steps finished and the one running", () => {
    const trace = parseProgressText(
      "#1 [1/3] FROM x\n#1 DONE 0.1s\n#2 [2/3] COPY a .\n#2 DONE 0.1s\n#3 [3/3] RUN make\n",
    );
    expect(describeProgress(trace, (n) => n)).toBe("1 step finished, running [3/3] RUN make");
  });

  it("progress line: the step name goes through the caller's cleaner whole", () => {
    const trace = parseProgressText("#1 [1/2] FROM x\n#1 DONE 0.1s\n#2 [2/2] RUN echo t=s3cr3t-value\n");
    const seen: string[] = [];
    const line = describeProgress(trace, (n) => (seen.push(n), "[2/2] RUN echo t=${T}"));
    expect(seen).toEqual(["[2/2] RUN echo t=s3cr3t-value"]);
    expect(line).toBe("0 steps finished, running [2/2] RUN echo t=${T}");
  });
});
