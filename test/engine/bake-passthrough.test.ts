// A bake target's own network, shm-size, ulimits and entitlements, proven on the real build: each
// target's RUN prints what it saw and fails unless the attribute arrived. buildx 0.13.1 (docker20)
// leaves `network` and `entitlements` out of `bake --print`, so there the tool must name them in a
// warning (the build runs without them); Docker 20.10's BuildKit ignores shm-size and ulimits, so
// there the tool refuses them.
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { currentEngine } from "../support/engine.js";
import { spawnCli } from "./cli-run.js";
import { BASE_IMAGE } from "./helpers.js";

const MODERN = currentEngine().serverMajor >= 23;

/** A context whose last RUN runs `check` (after the copied code: in the cold and the warm build), and one bake file. */
async function bakeProject(check: string, attributes: string, runFlags = ""): Promise<string> {
  const nonce = randomBytes(6).toString("hex");
  const dir = await mkdtemp(join(tmpdir(), "dcb-bakepass-"));
  await mkdir(join(dir, "app"));
  await writeFile(join(dir, "app", "main.py"), `print("bake pass-through ${nonce}")\n`);
  const run = `RUN ${runFlags}echo "check ${nonce}" && ${check}`;
  await writeFile(
    join(dir, "Dockerfile"),
    ["ARG BASE", "FROM ${BASE}", "WORKDIR /app", "COPY app/ ./app/", run, ""].join("\n"),
  );
  await writeFile(
    join(dir, "docker-bake.hcl"),
    `target "default" {\n  context = "."\n  args = { BASE = "${BASE_IMAGE}" }\n${attributes}\n}\n`,
  );
  return dir;
}

const bake = (dir: string) => spawnCli(["run", dir, "--bake", "docker-bake.hcl", "--verbose"]).done;

/** What the RUN printed after `label` in the streamed build log (both builds). */
const seen = (stderr: string, label: string) =>
  [...stderr.matchAll(new RegExp(`^ {2}#\\d+ (?:\\d+\\.\\d+ )?${label} (.*)$`, "gm"))].map((m) =>
    m[1]?.trim(),
  );

describe("a bake target's build options reach the build", () => {
  it('network = "none": the RUN sees only lo (buildx 0.29.1); buildx 0.13.1: the warning says it is not passed', async () => {
    const dir = await bakeProject(
      `echo "ifaces $(ls /sys/class/net | tr '\\n' ' ')" && test "$(ls /sys/class/net)" = lo`,
      '  network = "none"',
    );
    const r = await bake(dir);
    if (MODERN) {
      expect(r.code, r.stderr).toBe(0);
      expect(seen(r.stderr, "ifaces")).toEqual(["lo", "lo"]);
      expect(r.stderr).not.toMatch(/network is not passed/);
      return;
    }
    expect(r.stderr).toContain(
      "warning: docker-bake.hcl: network is not passed to the benchmark's builds (this buildx leaves it out of `bake --print`",
    );
    // Not passed indeed: the build ran bridged, and the check failed it.
    expect(r.stderr).toMatch(/ifaces (eth\d+ )?lo/);
    expect(r.code).not.toBe(0);
  });

  it('shm-size = "96m", ulimits = ["nofile=1234:2345"]: the RUN has them (Docker 28.5); refused by name on 20.10', async () => {
    const dir = await bakeProject(
      `kb=$(df -k /dev/shm | awk 'NR == 2 { print $2 }') && echo "res $kb $(ulimit -n):$(ulimit -Hn)" && test "$kb $(ulimit -n):$(ulimit -Hn)" = "98304 1234:2345"`,
      '  shm-size = "96m"\n  ulimits = ["nofile=1234:2345"]',
    );
    const r = await bake(dir);
    if (MODERN) {
      expect(r.code, r.stderr).toBe(0);
      expect(seen(r.stderr, "res")).toEqual(["98304 1234:2345", "98304 1234:2345"]);
      return;
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--shm-size and --ulimit would not reach the build: Docker 20\.10\.\S+'s BuildKit/,
    );
  });

  // BuildKit refuses a `RUN --network=host` step the build was not granted network.host for
  // ("network.host is not allowed"): the entitlement is observable as the build passing at all.
  const hostRun = (attributes: string) => bakeProject(`echo "host-net ok"`, attributes, "--network=host ");

  it('entitlements = ["network.host"]: a RUN --network=host step builds (buildx 0.29.1); buildx 0.13.1: the warning says it is not passed', async () => {
    const r = await bake(await hostRun('  entitlements = ["network.host"]'));
    if (MODERN) {
      expect(r.code, r.stderr).toBe(0);
      expect(seen(r.stderr, "host-net")).toEqual(["ok", "ok"]);
      expect(r.stderr).not.toMatch(/entitlements is not passed/);
      return;
    }
    expect(r.stderr).toContain(
      "warning: docker-bake.hcl: entitlements is not passed to the benchmark's builds (this buildx leaves it out of `bake --print`",
    );
    expect(r.code).not.toBe(0);
  });

  // Docker 20.10's built-in Dockerfile frontend predates `RUN --network` (docker/dockerfile:1.3)
  // and no newer one can be pulled here: there the step is not a test of the entitlement.
  it.runIf(MODERN)("no entitlements: the same RUN --network=host step is refused by BuildKit", async () => {
    const r = await bake(await hostRun(""));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/network\.host is not allowed/);
    expect(seen(r.stderr, "host-net")).toEqual([]);
  });
});
