// A benchmark of a project another build of it is running at that moment, on the same daemon:
// BuildKit merges the identical steps, --no-cache or not, and the benchmark reports the other's
// status and times for them. The run must say so (src/report/format.ts sharedStep): the step is
// flagged `shared` in the JSON, marked ‡ with a note in the table, and named in a warning. The
// same project benchmarked alone right after must show none of it (on the containerd store a warm
// FROM and WORKDIR carry an earlier build's times: no false alarm).
// Modern engines only: BuildKit 0.8 (Docker 20.10) can panic on merged edges ("failed to get
// edge", moby/moby#42414), which took this project's CI daemon down once. The plain-progress rule
// is covered on a real capture by test/docker/step-timings.test.ts.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedStep } from "../../src/report/format.js";
import { parseReport } from "../../src/report/schema.js";
import { spawnCli } from "./cli-run.js";
import { BASE_IMAGE, copyProjectUnique } from "./helpers.js";

const MODERN = (process.env.DCB_ENGINE ?? "").startsWith("modern-");

/** A bare `docker build --no-cache` of dir; resolves `running` once its 4 s RUN has begun. */
function otherBuild(dir: string): { running: Promise<void>; done: Promise<number | null> } {
  const child = spawn(
    "docker",
    ["build", "--no-cache", "--progress=plain", "--build-arg", `BASE=${BASE_IMAGE}`, dir],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let err = "";
  let started: () => void = () => undefined;
  const running = new Promise<void>((ok) => (started = ok));
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    err += d;
    if (/ installing\n/.test(err)) started();
  });
  const done = new Promise<number | null>((ok) => child.on("close", (code) => ok(code)));
  void done.then(() => started());
  return { running, done };
}

describe.skipIf(!MODERN)("a benchmark that shares steps with another build", () => {
  it("flags, marks and warns; the same benchmark alone does not", async () => {
    const dir = await copyProjectUnique("test/fixtures/progress/projects/shared", "requirements.txt");
    // A WORKDIR no earlier build made: the cold build runs it, and on the containerd store the warm
    // build repeats that progress, old times and all, which must not count as shared.
    const dockerfile = join(dir, "Dockerfile");
    const nonce = randomBytes(4).toString("hex");
    await writeFile(
      dockerfile,
      (await readFile(dockerfile, "utf8")).replace("WORKDIR /app", `WORKDIR /app-${nonce}`),
    );
    const json = join(dir, "..", `${dir.split("/").pop()}-report.json`);
    const args = ["run", dir, "--build-arg", `BASE=${BASE_IMAGE}`, "--json", json];

    const other = otherBuild(dir);
    await other.running;
    const shared = await spawnCli(args).done;
    expect(await other.done).toBe(0);
    expect(shared.code, shared.stderr).toBe(0);
    const report = parseReport(JSON.parse(await readFile(json, "utf8")));
    const run = report.cold.steps.find((s) => s.instruction?.startsWith("RUN "));
    expect(sharedStep(run ?? null, "cold"), JSON.stringify(run)).toBe(true);
    expect(shared.stderr).toMatch(/the cold build \(--no-cache\) shared .*`\[4\/5\] RUN echo "installing"/);
    expect(shared.stdout).toMatch(/RUN echo "installing".*‡/);
    expect(shared.stdout).toContain("‡ Shared with another build");

    const alone = await spawnCli(args).done;
    expect(alone.code, alone.stderr).toBe(0);
    const again = parseReport(JSON.parse(await readFile(json, "utf8")));
    const flagged = [...again.cold.steps, ...again.warm.steps].filter((s) => s.shared);
    expect(flagged).toEqual([]);
    expect(again.cold.steps.filter((s) => sharedStep(s, "cold"))).toEqual([]);
    expect(alone.stderr).not.toContain("shared");
    expect(alone.stdout).not.toContain("‡");
  });
});
