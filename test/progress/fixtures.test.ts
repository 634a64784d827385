// Real logs captured by test/fixtures/progress/capture.sh (provenance in its README.md): Docker 20.10's
// built-in BuildKit client ("docker20-"), buildx 0.13 plain and rawjson ("buildx-"), one daemon.
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { normalizeStepName, parseProgressLines, parseProgressText } from "../../src/progress/index.js";
import { contextBytesFromStatus } from "../../src/progress/lines.js";
import type { BuildTrace, TraceStep } from "../../src/progress/index.js";

const DIR = resolve(import.meta.dirname, "../fixtures/progress");
const raw = (name: string) => readFileSync(join(DIR, `${name}.log`), "utf8");
const iid = (name: string) =>
  existsSync(join(DIR, `${name}.iid`)) ? readFileSync(join(DIR, `${name}.iid`), "utf8").trim() : null;
const exitCode = (name: string) => Number(readFileSync(join(DIR, `${name}.exit`), "utf8"));

async function load(name: string): Promise<BuildTrace> {
  const lines = createInterface({ input: createReadStream(join(DIR, `${name}.log`)), crlfDelay: Infinity });
  return parseProgressLines(lines);
}

/** The step whose name, normalised (FROM prefix and digests dropped), ends with `suffix`. */
function find(trace: BuildTrace, suffix: string): TraceStep {
  const hits = trace.steps.filter((s) => s.name !== null && normalizeStepName(s.name).endsWith(suffix));
  expect(
    hits.map((s) => s.name),
    suffix,
  ).toHaveLength(1);
  return hits[0] as TraceStep;
}

const CLIENTS = [
  { client: "docker20-plain", format: "plain" },
  { client: "buildx-plain", format: "plain" },
  { client: "buildx-rawjson", format: "rawjson" },
] as const;

describe.each(CLIENTS)("$client", ({ client, format }) => {
  it("streaming and whole-text parsing agree", async () => {
    for (const kind of ["cold", "warm", "fail", "parallel", "target"]) {
      const name = `${client}-${kind}`;
      expect(await load(name), name).toEqual(parseProgressText(raw(name)));
    }
  });

  it.each(["cold", "warm", "parallel", "target"])(
    "%s: format, image id as --iidfile wrote it, every step finished",
    async (kind) => {
      const name = `${client}-${kind}`;
      const t = await load(name);
      expect(exitCode(name)).toBe(0);
      expect(t.format).toBe(format);
      expect(t.imageId).toBe(iid(name));
      expect(t.errors).toEqual([]);
      expect(t.steps.filter((s) => s.status === "running" || s.status === "error")).toEqual([]);
    },
  );

  it("cold (--no-cache): the six instructions, in Dockerfile order, RUNs took their time", async () => {
    const t = await load(`${client}-cold`);
    const instructions = t.steps.filter((s) => s.index !== null);
    expect(instructions.map((s) => normalizeStepName(s.name ?? ""))).toEqual([
      "FROM docker.io/docker-cache-bench/base:local",
      "[2/6] WORKDIR /app",
      "[3/6] COPY requirements.txt .",
      "[4/6] RUN pip install --no-cache-dir -r requirements.txt",
      "[5/6] COPY . .",
      '[6/6] RUN echo "compiling" && sleep 0.3 && wc -c app.py',
    ]);
    // pip stand-in sleeps 0.4 s per package, two packages; the last RUN sleeps 0.3 s.
    expect(find(t, "RUN pip install --no-cache-dir -r requirements.txt")).toMatchObject({ status: "done" });
    expect(find(t, "RUN pip install --no-cache-dir -r requirements.txt").seconds).toBeGreaterThanOrEqual(0.8);
    expect(find(t, 'RUN echo "compiling" && sleep 0.3 && wc -c app.py').seconds).toBeGreaterThanOrEqual(0.3);
    expect(find(t, 'RUN echo "compiling" && sleep 0.3 && wc -c app.py').logTail).toEqual([
      "compiling",
      "15 app.py",
    ]);
    // Observed: the 20.10 daemon reports WORKDIR as CACHED even under --no-cache.
    expect(find(t, "[2/6] WORKDIR /app").status).toBe("cached");
    expect(find(t, "[3/6] COPY requirements.txt .").status).toBe("done");
  });

  it("warm (app.py touched): steps before COPY . . cached, the rest rebuilt", async () => {
    const t = await load(`${client}-warm`);
    const status = (suffix: string) => find(t, suffix).status;
    expect(status("[2/6] WORKDIR /app")).toBe("cached");
    expect(status("[3/6] COPY requirements.txt .")).toBe("cached");
    expect(status("[4/6] RUN pip install --no-cache-dir -r requirements.txt")).toBe("cached");
    expect(find(t, "[4/6] RUN pip install --no-cache-dir -r requirements.txt").seconds).toBeNull();
    expect(status("[5/6] COPY . .")).toBe("done");
    const last = find(t, '[6/6] RUN echo "compiling" && sleep 0.3 && wc -c app.py');
    expect(last).toMatchObject({ status: "done", logTail: ["compiling", "16 app.py"] });
    expect(last.seconds).toBeGreaterThanOrEqual(0.3);
  });

  it("fail: RUN exit 3 is the failed step, named, with its code and output", async () => {
    const t = await load(`${client}-fail`);
    expect(exitCode(`${client}-fail`)).toBe(1);
    const failed = t.steps.filter((s) => s.status === "error");
    expect(failed.map((s) => s.name)).toEqual([
      '[4/5] RUN echo "about to fail" && echo "to stderr" >&2 && exit 3',
    ]);
    expect(failed[0]?.error).toMatch(/exit code: 3$/);
    expect(failed[0]?.logTail).toEqual(["about to fail", "to stderr"]);
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatch(/exit code: 3$/);
    expect(t.imageId).toBeNull();
    // The next RUN never starts (rawjson announces it; plain never prints it).
    expect(t.steps.some((s) => s.name?.includes("never runs"))).toBe(false);
  });

  it("parallel: two stages at once, stage names and per-stage [i/n]", async () => {
    const t = await load(`${client}-parallel`);
    const deps = find(t, '[deps 3/3] RUN for i in $(seq 1 16); do echo "deps tick $i"; sleep 1; done');
    const ticks = find(t, '[assets 3/4] RUN for i in $(seq 1 4); do echo "assets tick $i"; sleep 1; done');
    const quiet = find(
      t,
      '[assets 4/4] RUN echo "assets start"; sleep 8; echo "assets resume"; sleep 1; echo "assets end"',
    );
    expect(deps.seconds).toBeGreaterThanOrEqual(16);
    expect(ticks.seconds).toBeGreaterThanOrEqual(4);
    expect(quiet.seconds).toBeGreaterThanOrEqual(9);
    expect(quiet.logTail).toEqual(["assets start", "assets resume", "assets end"]);
    expect(deps.logTail).toEqual(Array.from({ length: 10 }, (_, i) => `deps tick ${i + 7}`));
    // The unnamed third stage is `stage-2`; it has no FROM step of its own (the shared FROM
    // vertex is printed once, under whichever stage asked first).
    expect(t.steps.filter((s) => s.stage === "stage-2").map((s) => s.index)).toEqual(
      [2, 3, 4, 5, 6].map((i) => ({ i, n: 6 })),
    );
    expect(t.steps.filter((s) => s.instruction?.startsWith("FROM "))).toHaveLength(1);
  });

  it("target runtime: only base, builder and runtime stages; FROM <stage> is no step", async () => {
    const t = await load(`${client}-target`);
    const stages = t.steps.map((s) => s.stage).filter((s) => s !== null);
    expect([...new Set(stages)].sort()).toEqual(["base", "builder", "runtime"]);
    expect(find(t, "COPY requirements.txt .")).toMatchObject({ stage: "builder", index: { i: 1, n: 3 } });
    expect(find(t, "COPY --from=builder /app/app.py .")).toMatchObject({
      stage: "runtime",
      index: { i: 2, n: 2 },
    });
    expect(find(t, "RUN apt-get update").logTail.at(-1)).toBe("Reading package lists... Done");
  });
});

describe("facts of one client", () => {
  it("buildx plain: the quiet step paused (`#N ...`) and resumed under a repeated header; one step each", async () => {
    const text = raw("buildx-plain-parallel");
    const header =
      '[assets 4/4] RUN echo "assets start"; sleep 8; echo "assets resume"; sleep 1; echo "assets end"';
    const n = /^#(\d+) \[assets 4\/4\]/m.exec(text)?.[1];
    expect(text.split("\n").filter((l) => l === `#${n} ${header}`)).toHaveLength(2);
    expect(text).toContain(`#${n} ...`);
    const t = await load("buildx-plain-parallel");
    expect(t.steps.filter((s) => s.name === header)).toHaveLength(1);
  });

  it("Docker 20.10: digest lines are not steps or statuses; numbers arrive out of order", async () => {
    const text = raw("docker20-plain-warm");
    const lines = text.split("\n");
    const headers = new Set(lines.filter((l, i) => i === 0 || lines[i - 1] === ""));
    const t = await load("docker20-plain-warm");
    expect(t.steps).toHaveLength(headers.size);
    const keys = t.steps.map((s) => Number(s.key.slice(1)));
    expect(keys).not.toEqual([...keys].sort((a, b) => a - b));
  });

  it("buildx plain prints `#0 building with …`, which is no step", async () => {
    expect(raw("buildx-plain-cold")).toMatch(/^#0 building with "default" instance using docker driver$/m);
    expect((await load("buildx-plain-cold")).steps.some((s) => s.key === "#0")).toBe(false);
  });

  it("rawjson: seconds keep sub-second precision and parallel RUNs overlap in time", async () => {
    const t = await load("buildx-rawjson-parallel");
    const deps = find(t, '[deps 3/3] RUN for i in $(seq 1 16); do echo "deps tick $i"; sleep 1; done');
    const ticks = find(t, '[assets 3/4] RUN for i in $(seq 1 4); do echo "assets tick $i"; sleep 1; done');
    expect(Number.isInteger((deps.seconds ?? 0) * 10)).toBe(false);
    expect(Date.parse(ticks.started ?? "")).toBeLessThan(Date.parse(deps.completed ?? ""));
    expect(Date.parse(deps.started ?? "")).toBeLessThan(Date.parse(ticks.completed ?? ""));
  });

  it("--platform linux/amd64 on a single-platform build adds no platform prefix", async () => {
    for (const name of ["docker20-plain-cold", "buildx-plain-target"]) {
      expect(
        (await load(name)).steps.every((s) => s.platform === null),
        name,
      ).toBe(true);
    }
  });
});

describe("build context size", () => {
  it.each([
    { name: "buildx plain", log: "buildx-plain-cold", want: 460 },
    { name: "buildx rawjson", log: "buildx-rawjson-cold", want: 462 },
    { name: "docker 20.10 plain", log: "docker20-plain-cold", want: 462 },
  ])("$name: the `[internal] load build context` transfer, not the .dockerignore's", ({ log, want }) => {
    expect(parseProgressText(raw(log)).contextBytes).toBe(want);
  });

  it.each([
    { text: "transferring context: 35.1kB 0.1s done", want: 35_100 },
    { text: "transferring context: 48.23MB 2.1s", want: 48_230_000 },
    { text: "transferring context: 2B done", want: 2 },
    { text: "transferring dockerfile: 212B done", want: null },
  ])("contextBytesFromStatus($text)", ({ text, want }) => {
    expect(contextBytesFromStatus(text)).toBe(want);
  });
});
