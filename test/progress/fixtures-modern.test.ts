// Real logs from the modern engine (Docker 28.5.2, containerd image store, buildx 0.29.1, and the
// Docker 20.10 client's built-in BuildKit against that daemon), captured by capture.sh (`modern-*`,
// provenance in test/fixtures/progress/README.md).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isCacheableStep } from "../../src/analysis/summary.js";
import { normalizeStepName, parseProgressText } from "../../src/progress/index.js";
import type { BuildTrace } from "../../src/progress/index.js";

const DIR = resolve(import.meta.dirname, "../fixtures/progress");
const raw = (name: string) => readFileSync(join(DIR, `${name}.log`), "utf8");
const exitCode = (name: string) => Number(readFileSync(join(DIR, `${name}.exit`), "utf8"));
const load = (name: string) => parseProgressText(raw(name));

/** Dockerfile steps in Dockerfile order: normalised name and status. */
function steps(t: BuildTrace): [string, string][] {
  return t.steps
    .filter((s) => s.instruction !== null)
    .sort((a, b) => (a.index?.i ?? 0) - (b.index?.i ?? 0))
    .map((s) => [normalizeStepName(s.name ?? ""), s.status]);
}

function hitRatio(t: BuildTrace): number {
  const cacheable = t.steps.filter(isCacheableStep);
  return cacheable.filter((s) => s.status === "cached").length / cacheable.length;
}

// `[i/6] LINK COPY …` vertices exist in rawjson and in the 20.10 client's plain output (buildx plain
// prints the group as one block); they are the copy's second half, not steps of their own.
const MODES = [
  { mode: "buildx 0.29 plain", log: "modern-buildx-plain-link", linkVertices: false },
  { mode: "buildx 0.29 rawjson", log: "modern-buildx-rawjson-link", linkVertices: true },
  { mode: "20.10 built-in client", log: "modern-docker20-plain-link", linkVertices: true },
];

const INSTRUCTIONS = [
  "FROM docker.io/docker-cache-bench/base:local",
  "[2/6] WORKDIR /app",
  "[3/6] COPY --link requirements.txt .",
  "[4/6] RUN pip install --no-cache-dir -r requirements.txt",
  "[5/6] COPY --link . .",
  '[6/6] RUN echo "compiling" && sleep 0.3 && wc -c app.py',
];

describe.each(MODES)("COPY --link, $mode", ({ log, linkVertices }) => {
  it("the log itself shows LINK vertices only where expected", () => {
    expect(exitCode(`${log}-cold`)).toBe(0);
    expect(raw(`${log}-cold`).includes("LINK COPY --link")).toBe(linkVertices);
  });

  it("cold: one step per instruction, all run but WORKDIR (cached under --no-cache)", () => {
    expect(steps(load(`${log}-cold`))).toEqual(
      INSTRUCTIONS.map((n) => [n, n.endsWith("WORKDIR /app") ? "cached" : "done"]),
    );
  });

  it("warm (app.py touched): the copies before it cached, COPY --link . . and after rebuilt, 3 of 5 cached", () => {
    const t = load(`${log}-warm`);
    expect(steps(t).map(([, status]) => status)).toEqual([
      "done",
      "cached",
      "cached",
      "cached",
      "done",
      "done",
    ]);
    expect(hitRatio(t)).toBe(0.6);
  });
});

describe("buildx 0.29 rawjson: one object per line", () => {
  it.each(["cold", "warm", "fail"])("%s: every line is a whole JSON value or a plain message", (kind) => {
    const lines = raw(`modern-buildx-rawjson-${kind}`).split("\n");
    const json = lines.filter((l) => l.startsWith("{"));
    expect(json.length).toBeGreaterThan(10);
    for (const l of json) expect(() => JSON.parse(l) as unknown).not.toThrow();
  });

  it("cold: the six instructions; no image id in the log (the containerd store prints no `writing image`)", () => {
    const t = load("modern-buildx-rawjson-cold");
    expect(t.format).toBe("rawjson");
    expect(steps(t).map(([n]) => n)).toEqual(INSTRUCTIONS.map((n) => n.replace(/--link /, "")));
    expect(t.imageId).toBeNull();
    expect(t.steps.filter((s) => s.status === "running" || s.status === "error")).toEqual([]);
  });

  it("warm: cached up to COPY . ., the rest rebuilt", () => {
    const t = load("modern-buildx-rawjson-warm");
    expect(steps(t).map(([, status]) => status)).toEqual([
      "done",
      "cached",
      "cached",
      "cached",
      "done",
      "done",
    ]);
  });

  it("fail: the RUN that exits 3, its output, and buildx 0.29's `failed to build` line", () => {
    const t = load("modern-buildx-rawjson-fail");
    expect(exitCode("modern-buildx-rawjson-fail")).toBe(1);
    const failed = t.steps.filter((s) => s.status === "error");
    expect(failed.map((s) => s.name)).toEqual([
      '[4/5] RUN echo "about to fail" && echo "to stderr" >&2 && exit 3',
    ]);
    // stdout and stderr are separate streams: their order in the log varies run to run.
    expect([...(failed[0]?.logTail ?? [])].sort()).toEqual(["about to fail", "to stderr"]);
    expect(t.errors.at(-1)).toMatch(/^failed to build: failed to solve: .*exit code: 3$/);
  });

  it("output lines read by the fast path give what JSON.parse gives", () => {
    // Reordered keys keep each line valid JSON but out of the shape the fast path reads.
    const reorder = (l: string) => {
      if (!l.startsWith('{"logs"')) return l;
      const v = JSON.parse(l) as { logs: Record<string, unknown>[] };
      return JSON.stringify({ logs: v.logs.map(({ data, ...rest }) => ({ data, ...rest })) });
    };
    for (const name of ["modern-buildx-rawjson-fail", "modern-buildx-rawjson-link-cold"]) {
      const text = raw(name);
      expect(parseProgressText(text.split("\n").map(reorder).join("\n")), name).toEqual(
        parseProgressText(text),
      );
    }
  });
});
