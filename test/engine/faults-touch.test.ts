// Fault injection on the real engine, through the CLI as users run it: concurrent runs, signals
// at each phase, SIGKILL and the next run, planted journals, files that cannot be cut back, edits
// during the warm build. What must hold every time: the user's file is byte for byte and mtime
// what it was (or what they made it), and no image, scratch file or lock of the run is left.
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { canChattr, chattr, makeDir, plantJournal } from "../touch/helpers.js";
import { fileState, imagesOfPid, leftovers, runArgs, startCli } from "./cli-run.js";
import { copyProject, MODES } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function newStateDir(): Promise<string> {
  const dir = await makeDir({}, "dcb-faults-state-");
  dirs.push(dir);
  return dir;
}

describe("concurrent runs", () => {
  it.each([
    { name: "the same context twice", contexts: [".", "."], file: "sub/app.py" },
    { name: "overlapping contexts ov/ and ov/sub/", contexts: [".", "sub"], file: "sub/app.py" },
  ])("$name: exactly one refuses up front, the file is intact", async ({ contexts }) => {
    const ov = await copyProject("test/engine/projects/overlap");
    const file = join(ov, "sub/app.py");
    const before = await fileState(file);
    const stateDir = await newStateDir();
    const runs = contexts.map((c) => startCli(runArgs(join(ov, c)), stateDir));
    const results = await Promise.all(runs.map((r) => r.done));

    expect(results.map((r) => r.code).sort()).toEqual([0, 2]);
    const refused = results.find((r) => r.code === 2);
    expect(refused?.stderr).toMatch(
      /^docker-cache-bench: another docker-cache-bench run \(pid \d+ on host \S+\) is touching (sub\/)?app\.py; wait for it to finish, or pass --wait/m,
    );
    expect(refused?.stderr).not.toMatch(/recover it first|cold build/);
    expect(await fileState(file)).toEqual(before);
    expect(await leftovers(stateDir)).toEqual([]);
  });
});

describe.each(MODES)("signals via $label", ({ docker, mode }) => {
  it.each<{ phase: string; sig: NodeJS.Signals; group: boolean }>([
    { phase: "cold", sig: "SIGINT", group: true },
    { phase: "inspect", sig: "SIGHUP", group: false },
    // The touch phase lasts milliseconds: the signal lands in it or in the first moments of the warm build.
    { phase: "touch", sig: "SIGTERM", group: false },
    { phase: "warm", sig: "SIGTERM", group: false },
    { phase: "warm", sig: "SIGINT", group: true },
  ])(
    "$sig during $phase: file intact, no image, scratch file or lock left",
    async ({ phase, sig, group }) => {
      const dir = await copyProject("examples/python-bad-order");
      const file = join(dir, "app/health.py");
      const before = await fileState(file);
      const stateDir = await newStateDir();
      const run = startCli(runArgs(dir, "--docker", docker, "--mode", mode), stateDir);
      await run.waitFor(new RegExp(`\\] ${phase}: `));
      run.signal(sig, group);
      const result = await run.done;

      expect(result.signal).toBe(sig);
      expect(await fileState(file)).toEqual(before);
      expect(imagesOfPid(run.pid)).toEqual([]);
      expect(await leftovers(stateDir)).toEqual([]);
    },
  );
});

describe("a run killed outright", () => {
  it("SIGKILL during the warm build, then the next run (-q): restored and said, images collected", async () => {
    const dir = await copyProject("examples/python-bad-order");
    const file = join(dir, "app/health.py");
    const before = await fileState(file);
    const stateDir = await newStateDir();
    const killed = startCli(runArgs(dir), stateDir);
    await killed.waitFor(/\] warm: /);
    // The whole process group, docker client included, as an OOM kill or a vanished runner would.
    killed.signal("SIGKILL", true);
    await killed.done;
    expect((await fileState(file)).bytes).not.toBe(before.bytes);
    expect(imagesOfPid(killed.pid).length).toBeGreaterThan(0);

    const next = await startCli(runArgs(dir, "-q"), stateDir).done;
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(
      new RegExp(
        `warning: restored app/health\\.py, left touched by a killed run \\(pid ${killed.pid} on host`,
      ),
    );
    expect(await fileState(file)).toEqual(before);
    expect(imagesOfPid(killed.pid)).toEqual([]);
    expect(await leftovers(stateDir)).toEqual([]);
  });
});

describe("journals and files that must not be trusted or cannot be restored", () => {
  it("a planted journal naming a file outside the context: that file untouched, the run goes on", async () => {
    const dir = await copyProject("examples/python-good-order");
    const outside = await makeDir({ "secret.txt": "do not truncate me\n" }, "dcb-outside-");
    dirs.push(outside);
    const stateDir = await newStateDir();
    const secret = join(outside, "secret.txt");
    await plantJournal(stateDir, dir, [{ path: secret, relPath: "secret.txt" }]);
    const before = await fileState(secret);

    const r = await startCli(runArgs(dir), stateDir).done;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: refusing the touch journal .* which is not secret\.txt inside its build context/,
    );
    expect(await fileState(secret)).toEqual(before);
  });

  it.skipIf(!canChattr(process.env.TMPDIR ?? "/tmp")).each([
    { kind: "append-only", flag: "a" },
    { kind: "immutable", flag: "i" },
  ])("an $kind target (chattr +$flag): refused before any build, exit 2", async ({ flag }) => {
    const dir = await copyProject("test/engine/projects/overlap");
    const file = join(dir, "sub/app.py");
    const before = await fileState(file);
    chattr(`+${flag}`, file);
    let r;
    try {
      r = await startCli(runArgs(dir), await newStateDir()).done;
    } finally {
      chattr(`-${flag}`, file);
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot touch sub\/app\.py: EPERM \(append-only or immutable\)/);
    expect(r.stderr).not.toMatch(/\] cold: /);
    expect(await fileState(file)).toEqual(before);
  });

  it.skipIf(!canChattr(process.env.TMPDIR ?? "/tmp"))(
    "made append-only during the warm build: a loud warning with the fix, exit 3; the next run finishes the undo",
    async () => {
      const dir = await copyProject("examples/python-bad-order");
      const file = join(dir, "app/health.py");
      const before = await fileState(file);
      const stateDir = await newStateDir();
      const run = startCli(runArgs(dir), stateDir);
      await run.waitFor(/\] warm: /);
      chattr("+a", file);
      let r;
      try {
        r = await run.done;
      } finally {
        chattr("-a", file);
      }
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/Cold build/);
      expect(r.stderr).toMatch(
        /warning: app\/health\.py is not as it was before the touch: .*EPERM.*To finish by hand: truncate -s \d+ -- \S+ && touch -m -d @\d+\.\d{9} -- /,
      );
      const next = await startCli(runArgs(dir), stateDir).done;
      expect(next.code).toBe(0);
      expect(next.stderr).toMatch(/warning: restored app\/health\.py, left touched by a killed run/);
      expect(await fileState(file)).toEqual(before);
    },
  );

  it("a same-size edit during the warm build: the edit is kept, our line removed, exit 3", async () => {
    const dir = await copyProject("examples/python-bad-order");
    const file = join(dir, "app/health.py");
    const original = await readFile(file, "utf8");
    const run = startCli(runArgs(dir), await newStateDir());
    await run.waitFor(/\] warm: /);
    const touched = await readFile(file, "utf8");
    // One character of the original changed; the size and our line stay as they were.
    const edited = touched.replace(/[a-z]/, (c) => (c === "x" ? "y" : "x"));
    expect(edited.length).toBe(touched.length);
    await writeFile(file, edited);
    const r = await run.done;

    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /app\/health\.py is not as it was before the touch: it was edited during the run: your edit is kept/,
    );
    expect(await readFile(file, "utf8")).toBe(edited.slice(0, original.length));
    expect(await readFile(file, "utf8")).not.toBe(original);
  });
});
