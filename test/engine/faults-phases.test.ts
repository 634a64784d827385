// Signals in the phases faults-touch.test.ts cannot hit by timing alone: docker's probes (detect),
// the image removal at the end (cleanup), and a --verify-fixes variant build. A docker wrapper
// makes the phase last: it sleeps before `info` (the one probe every client makes) or `image rm`,
// then runs the real client, so the signal lands inside the phase every time. What must hold: the
// process ends by the signal, the file is intact, and no image, scratch directory, lock or variant
// copy of the run is left.
import { execFileSync } from "node:child_process";
import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileState, imagesOfPid, leftovers, runArgs, startCli } from "./cli-run.js";
import { copyProject, MODES, tempDirs } from "./helpers.js";

const tempDir = tempDirs();

/**
 * A docker that sleeps `seconds` before the subcommand `slow` (e.g. "version", "image rm"). Not
 * named `docker`: the tool then keeps every call on this client (src/docker/engine-api.ts reads
 * and removes images over the socket only for a client named docker), so the sleep lands in the
 * phase. With the socket, the removal at the end takes milliseconds and a signal sent when the
 * cleanup starts arrives after the run has ended (seen on modern-classic in CI).
 */
async function slowDocker(real: string, slow: string, seconds: number): Promise<string> {
  const path = join(await tempDir("dcb-slow-docker-"), "docker-slow");
  const resolved = real.includes("/")
    ? real
    : execFileSync("sh", ["-c", `command -v ${real}`])
        .toString()
        .trim();
  await writeFile(
    path,
    `#!/bin/sh\ncase "$*" in "${slow}"*) sleep ${seconds} ;; esac\nexec "${resolved}" "$@"\n`,
  );
  await chmod(path, 0o755);
  return path;
}

describe.each(MODES)("signals in the slow phases via $label", ({ docker, mode }) => {
  it.each<{ phase: string; slow: string; sig: NodeJS.Signals; waitFor: RegExp; more: string[] }>([
    { phase: "detect", slow: "info", sig: "SIGTERM", waitFor: /\] detect: /, more: [] },
    { phase: "cleanup", slow: "image rm", sig: "SIGINT", waitFor: /\] cleanup: /, more: [] },
    {
      phase: "a --verify-fixes variant's cold build",
      slow: "never",
      sig: "SIGTERM",
      waitFor: /verifying the fix[\s\S]*\] cold: /,
      more: ["--verify-fixes"],
    },
  ])(
    "$sig during $phase: ends by the signal, file intact, nothing of the run left",
    async ({ slow, sig, waitFor, more }) => {
      const dir = await copyProject("examples/python-bad-order");
      const file = join(dir, "app/health.py");
      const before = await fileState(file);
      const stateDir = await tempDir("dcb-phases-state-");
      const wrapper = await slowDocker(docker, slow, 6);
      const run = startCli(runArgs(dir, "--docker", wrapper, "--mode", mode, ...more), stateDir);
      await run.waitFor(waitFor);
      run.signal(sig);
      const result = await run.done;

      expect(result.signal, result.stderr).toBe(sig);
      expect(await fileState(file)).toEqual(before);
      expect(imagesOfPid(run.pid)).toEqual([]);
      expect(await leftovers(stateDir)).toEqual([]);
    },
  );
});
