// The CLI's entry starts `docker info` before the bundle loads; detection takes that answer only
// when it asks the same client the same way, and only once.
import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { dockerInfo, startEarlyInfo } from "../../src/docker/early-info.js";

async function countingDocker(answer: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-early-"));
  const path = join(dir, "docker");
  await writeFile(path, `#!/bin/sh\necho "$*" >> "${dir}/calls"\necho '${answer}'\n`);
  await chmod(path, 0o755);
  return path;
}

const calls = async (docker: string) =>
  (await readFile(join(dirname(docker), "calls"), "utf8").catch(() => "")).split("\n").filter(Boolean).length;

describe("dockerInfo after startEarlyInfo", () => {
  it("takes the early answer once, for the same client and environment", async () => {
    const docker = await countingDocker("early");
    const env = { PATH: process.env.PATH };
    startEarlyInfo(docker, env);
    expect((await dockerInfo(docker, { ...env })).trim()).toBe("early");
    expect(await calls(docker)).toBe(1);
    await dockerInfo(docker, env);
    expect(await calls(docker)).toBe(2);
  });

  it("asks anew for another client or another environment", async () => {
    const docker = await countingDocker("a");
    const other = await countingDocker("b");
    startEarlyInfo(docker, { PATH: process.env.PATH });
    expect((await dockerInfo(other, { PATH: process.env.PATH })).trim()).toBe("b");
    startEarlyInfo(docker, { PATH: process.env.PATH });
    expect((await dockerInfo(docker, { PATH: process.env.PATH, DOCKER_HOST: "unix:///x" })).trim()).toBe("a");
    // Both early ones ran, and the one asked anew: three calls of `docker`.
    expect(await calls(docker)).toBe(3);
  });
});
