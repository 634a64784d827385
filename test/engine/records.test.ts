// The engine's own build records (src/docker/records.ts), on the real engine: listed without any
// `docker buildx history` command (see that file for why), BuildKit's counts checked against the
// parsed log, and the run's records deleted, build-arg values with them.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import { detectDocker } from "../../src/docker/detect.js";
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

  it.runIf(!modern)("absent on Docker 20.10, and said once", async () => {
    const { report, infos } = await run(randomBytes(8).toString("hex"));
    expect(infos.filter((m) => /build records/.test(m))).toHaveLength(1);
    expect(report.records?.note).toMatch(/^Docker 20\.10\S* keeps no build records/);
    expect(report.records?.builds).toEqual([]);
  });
});
