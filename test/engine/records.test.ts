// The engine's own build records (src/docker/records.ts), on the real engine: listed without any
// `docker buildx history` command (see that file for why), BuildKit's counts checked against the
// parsed log, a failed build's structured error read, and the run's records deleted, build-arg
// values with them.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import { detectDocker } from "../../src/docker/detect.js";
import { BuildFailedError } from "../../src/errors.js";
import { daemonSocket, listRecords } from "../../src/docker/records.js";
import { currentEngine } from "../support/engine.js";
import { BASE_IMAGE, benchOptions, copyProject } from "./helpers.js";

const modern = currentEngine().serverMajor >= 24;

async function run(probe: string) {
  const dir = await copyProject("examples/python-bad-order");
  const infos: string[] = [];
  const warnings: string[] = [];
  const report = await runBenchmark(
    benchOptions(dir, { buildArgs: { BASE: BASE_IMAGE, DCB_PROBE: probe } }),
    {
      onInfo: (m) => infos.push(m),
      onWarning: (m) => warnings.push(m),
    },
  );
  return { report, infos, warnings };
}

describe("build records", () => {
  it.runIf(modern)("agree with the parsed log and are deleted, build-arg values with them", async () => {
    const probe = randomBytes(8).toString("hex");
    const { report, warnings } = await run(probe);

    const records = report.records;
    expect(records?.note).toBeNull();
    expect(records?.builds.map((b) => b.phase)).toEqual(["cold", "warm"]);
    for (const b of records?.builds ?? []) {
      expect(b.vertices).toBeGreaterThan(5);
      expect(b.parsedVertices).toBe(b.vertices);
      expect(b.parsedCachedVertices).toBe(b.cachedVertices);
    }
    expect(records?.warnings).toEqual([]);
    expect(warnings.filter((w) => /record/.test(w))).toEqual([]);
    expect(records?.deleted).toBe(2);
    const left = await listRecords(await daemonSocket(await detectDocker({ docker: "docker" })));
    expect(left.length).toBeGreaterThan(0); // the listing works: other builds' records are there
    expect(left.filter((r) => r.attrs.get("build-arg:DCB_PROBE") === probe)).toEqual([]);
  });

  it.each(["rawjson", "plain"] as const)(
    "a failed build (%s progress): the record's error, lines and output, checked against the log",
    async (progress) => {
      const nonce = randomBytes(8).toString("hex");
      const dir = await copyProject("test/engine/projects/fails-record");
      const opts = benchOptions(dir, { buildArgs: { BASE: BASE_IMAGE, NONCE: nonce }, progress });
      const e = await runBenchmark(opts).catch((err: unknown) => err);

      expect(e).toBeInstanceOf(BuildFailedError);
      const f = (e as BuildFailedError).failure;
      const output = ["compiling main.c (${NONCE})", "main.c:3: error: missing semicolon"];
      expect(f).toMatchObject({ phase: "cold", line: 6, exitCode: 3, logTail: output });
      expect((e as BuildFailedError).partial.error).toEqual(f);
      if (!modern) {
        // Docker 20.10 keeps no records: the error says what it said before, nothing more.
        expect(Object.keys(f)).toEqual(["phase", "step", "line", "exitCode", "message", "logTail"]);
        return;
      }
      expect(f).toMatchObject({ endLine: 8, source: "record" });
      expect(f.record).toEqual({
        message: expect.stringMatching(
          /^process "\/bin\/sh -c echo .* did not complete successfully: exit code: 3$/,
        ),
        file: "Dockerfile",
        line: 6,
        endLine: 8,
        step: f.step,
        exitCode: 3,
        logTail: output,
        disagreements: [],
      });
      expect(f.step).toMatch(/^\[4\/4\] RUN echo "compiling main.c \(\$\{NONCE\}\)"/);
      expect(JSON.stringify(f)).not.toContain(nonce);
      const left = await listRecords(await daemonSocket(await detectDocker({ docker: "docker" })));
      expect(left.filter((r) => r.attrs.get("build-arg:NONCE") === nonce)).toEqual([]);
    },
  );

  it("a Dockerfile the frontend rejects: no step failed, the record still names the line", async () => {
    const dir = await copyProject("test/engine/projects/fails-frontend");
    const e = await runBenchmark(benchOptions(dir)).catch((err: unknown) => err);

    expect(e).toBeInstanceOf(BuildFailedError);
    const f = (e as BuildFailedError).failure;
    expect(f).toMatchObject({ step: null, exitCode: null, logTail: [] });
    expect(f.message).toMatch(/unsupported mount type "nope"/);
    if (!modern) return expect(f.line).toBeNull();
    expect(f).toMatchObject({ line: 5, endLine: 5, source: "record" });
    expect(f.message).toMatch(/^cold build failed at Dockerfile line 5: /);
    expect(f.record).toMatchObject({ file: "Dockerfile", line: 5, step: null, disagreements: [] });
  });

  it.runIf(!modern)("absent on Docker 20.10, and said once", async () => {
    const { report, infos } = await run(randomBytes(8).toString("hex"));
    expect(infos.filter((m) => /build records/.test(m))).toHaveLength(1);
    expect(report.records?.note).toMatch(/^Docker 20\.10\S* keeps no build records/);
    expect(report.records?.builds).toEqual([]);
  });
});
