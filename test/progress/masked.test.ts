// GitHub masks every occurrence of a secret's value in job logs, digits included: a secret `3`
// turns `#3 [2/6] RUN …` into `#*** [2/6] RUN …`, `#13` into `#1***`, `0.312 out` into
// `0.***12 out`. Read real captured plain logs through the runner's kind of masking and check
// that every block still becomes its own step, with the status it had unmasked.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseProgressText } from "../../src/progress/index.js";
import type { BuildTrace } from "../../src/progress/index.js";
import { brief, parse } from "./plain-helpers.js";

const DIR = resolve(import.meta.dirname, "../fixtures/progress");
const raw = (name: string) => readFileSync(join(DIR, `${name}.log`), "utf8");

/** The runner's secret masking: each secret's every occurrence becomes `***`, longest first. */
function mask(text: string, secrets: string[]): string {
  return [...secrets].sort((a, b) => b.length - a.length).reduce((t, s) => t.split(s).join("***"), text);
}

const shape = (t: BuildTrace) =>
  t.steps.map((s) => ({
    status: s.status,
    instruction: s.instruction !== null,
    tail: s.logTail.length,
    error: s.error !== null,
  }));

const LOGS = [
  "docker20-plain-cold",
  "docker20-plain-warm",
  "docker20-plain-parallel",
  "docker20-plain-fail",
  "buildx-plain-cold",
  "buildx-plain-warm",
  "buildx-plain-parallel",
  "buildx-plain-fail",
  "buildx-plain-target",
];

describe.each(LOGS)("%s, masked", (name) => {
  const clear = parseProgressText(raw(name));

  it.each([
    { case: "one digit secret", secrets: ["3"] },
    { case: "another digit", secrets: ["1"] },
    { case: "two digits secrets (numbers collide: #3 and #4 both read #***)", secrets: ["3", "4"] },
    { case: "a two-digit secret", secrets: ["12"] },
  ])("$case: same steps, statuses and names (masked the same way)", ({ secrets }) => {
    const t = parseProgressText(mask(raw(name), secrets));
    expect(t.steps.length).toBe(clear.steps.length);
    expect(shape(t)).toEqual(shape(clear));
    expect(t.steps.map((s) => s.name)).toEqual(clear.steps.map((s) => s.name && mask(s.name, secrets)));
  });
});

describe("masked step numbers, by hand", () => {
  it("a masked number keeps its block together across a pause", () => {
    const t = parse([
      "#*** [2/3] RUN make",
      "#*** 0.1 compiling",
      "#*** ...",
      "",
      "#4 [3/3] RUN test",
      "#4 DONE 0.2s",
      "",
      "#*** [2/3] RUN make",
      "#*** DONE 1.5s",
    ]);
    expect(brief(t)).toEqual([
      { key: "#***", name: "[2/3] RUN make", status: "done", seconds: 1.5 },
      { key: "#4", name: "[3/3] RUN test", status: "done", seconds: 0.2 },
    ]);
  });

  it("two numbers behind one token: each header opens or resumes its own step", () => {
    const t = parse([
      "#*** [2/4] RUN a",
      "#*** 0.1 a-out",
      "#*** ...",
      "",
      "#*** [3/4] RUN b",
      "#*** DONE 0.3s",
      "",
      "#*** [2/4] RUN a",
      "#*** DONE 2.0s",
    ]);
    expect(brief(t)).toEqual([
      { key: "#***", name: "[2/4] RUN a", status: "done", seconds: 2 },
      { key: "#***~1", name: "[3/4] RUN b", status: "done", seconds: 0.3 },
    ]);
    expect(t.steps[0]?.logTail).toEqual(["a-out"]);
  });

  it("a masked index is still an instruction, at an unknown index", () => {
    const t = parse(["#5 [***/6] RUN make", "#5 DONE 1.0s"]);
    expect(t.steps[0]).toMatchObject({ instruction: "RUN make", index: null, status: "done" });
  });

  it("a masked #0 line is not a step", () => {
    const t = parse([
      '#*** building with "default" instance using docker driver',
      "",
      "#1 [1/1] RUN x",
      "#1 CACHED",
    ]);
    expect(brief(t)).toEqual([{ key: "#1", name: "[1/1] RUN x", status: "cached", seconds: null }]);
  });
});
