import { spawn } from "node:child_process";
import { link, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { lockFiles, lockKey } from "../../src/touch/lock.js";
import { newOwner, type Owner } from "../../src/touch/owner.js";
import { TouchLockedError } from "../../src/touch/errors.js";
import { deadPid, makeDir } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function setup() {
  const contextDir = await makeDir({ "app.py": "print('hi')\n", "sub/x.py": "X = 1\n" });
  const locksDir = await makeDir({}, "dcb-locks-");
  dirs.push(contextDir, locksDir);
  return { contextDir, locksDir, file: join(contextDir, "app.py") };
}

const target = (path: string, relPath = "app.py") => ({ path, relPath });

describe("lockFiles", () => {
  it("a second run refuses with one line naming the holder's pid and host", async () => {
    const { locksDir, file } = await setup();
    const first = await lockFiles([target(file)], { dir: locksDir, owner: newOwner(), wait: false });
    const other = newOwner();
    const error = await lockFiles([target(file)], { dir: locksDir, owner: other, wait: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TouchLockedError);
    expect((error as Error).message).toBe(
      `another docker-cache-bench run (pid ${process.pid} on host ${hostname()}) is touching app.py; wait for it to finish, or pass --wait to wait for it`,
    );
    first.release();
    const second = await lockFiles([target(file)], { dir: locksDir, owner: other, wait: false });
    second.release();
    expect(await readdir(locksDir)).toEqual([]);
  });

  it("keys by device and inode: a symlink, a hard link and another context reach the same lock", async () => {
    const { contextDir, locksDir, file } = await setup();
    await symlink(contextDir, `${contextDir}-alias`);
    await link(file, join(contextDir, "hard.py"));
    dirs.push(`${contextDir}-alias`);
    const first = await lockFiles([target(file)], { dir: locksDir, owner: newOwner(), wait: false });
    for (const path of [join(`${contextDir}-alias`, "app.py"), join(contextDir, "hard.py")]) {
      expect(lockKey(path)).toBe(lockKey(file));
      await expect(
        lockFiles([target(path)], { dir: locksDir, owner: newOwner(), wait: false }),
      ).rejects.toThrow(TouchLockedError);
    }
    // A different file is not held.
    (
      await lockFiles([target(join(contextDir, "sub/x.py"))], {
        dir: locksDir,
        owner: newOwner(),
        wait: false,
      })
    ).release();
    first.release();
  });

  it.each<{ name: string; holder: (o: Owner) => Owner; takenOver: boolean }>([
    {
      name: "a dead pid on this host: taken over",
      holder: (o) => ({ ...o, pid: deadPid() }),
      takenOver: true,
    },
    {
      name: "another boot of this host: taken over",
      holder: (o) => ({ ...o, bootId: "0-other-boot" }),
      takenOver: true,
    },
    {
      name: "a live pid that started at another time (reused): taken over",
      holder: (o) => ({ ...o, pid: process.ppid, startTicks: "1" }),
      takenOver: true,
    },
    {
      name: "a live pid: refused",
      holder: (o) => ({ ...o, pid: process.ppid, startTicks: null }),
      takenOver: false,
    },
    {
      name: "another host (cannot check): refused",
      holder: (o) => ({ ...o, host: "elsewhere", pid: deadPid() }),
      takenOver: false,
    },
  ])("a claim left by $name", async ({ holder, takenOver }) => {
    const { locksDir, file } = await setup();
    const owner = { ...newOwner(), runId: "00000000000000aa" };
    const stale = join(locksDir, `${lockKey(file)}.${owner.runId}.claim`);
    await writeFile(stale, JSON.stringify({ owner: holder(owner), path: file, relPath: "app.py" }));
    const attempt = lockFiles([target(file)], { dir: locksDir, owner: newOwner(), wait: false });
    if (takenOver) {
      (await attempt).release();
      expect(await readdir(locksDir)).toEqual([]);
    } else await expect(attempt).rejects.toThrow(TouchLockedError);
  });

  it("--wait: waits for the holder, says so once, then takes the lock", async () => {
    const { locksDir, file } = await setup();
    const first = await lockFiles([target(file)], { dir: locksDir, owner: newOwner(), wait: false });
    const waited: string[] = [];
    setTimeout(() => first.release(), 1500);
    const started = Date.now();
    const second = await lockFiles([target(file)], {
      dir: locksDir,
      owner: newOwner(),
      wait: true,
      onWaiting: (holder, path) => waited.push(`${holder.pid} ${path}`),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(waited).toEqual([`${process.pid} app.py`]);
    second.release();
  });

  it("--wait can be aborted (Ctrl-C while waiting)", async () => {
    const { locksDir, file } = await setup();
    const first = await lockFiles([target(file)], { dir: locksDir, owner: newOwner(), wait: false });
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error("stop")), 300);
    await expect(
      lockFiles([target(file)], { dir: locksDir, owner: newOwner(), wait: true, signal: ac.signal }),
    ).rejects.toThrow("stop");
    first.release();
  });

  it("what was taken is released when a later file is held by another run", async () => {
    const { contextDir, locksDir, file } = await setup();
    const other = join(contextDir, "sub/x.py");
    const holder = await lockFiles([target(other, "sub/x.py")], {
      dir: locksDir,
      owner: newOwner(),
      wait: false,
    });
    await expect(
      lockFiles([target(file), target(other, "sub/x.py")], { dir: locksDir, owner: newOwner(), wait: false }),
    ).rejects.toThrow(/is touching sub\/x\.py/);
    expect((await readdir(locksDir)).length).toBe(1);
    holder.release();
  });

  it("processes racing for one file at the same moment: exactly one wins", { timeout: 60_000 }, async () => {
    const { locksDir, file } = await setup();
    const script = fileURLToPath(new URL("./fixtures/lock-child.ts", import.meta.url));
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ["--import", "tsx", script, locksDir, file, "3000"], {
        stdio: ["pipe", "pipe", "inherit"],
      }),
    );
    const outputs = children.map((child) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      return {
        ready: new Promise<void>((ok) => child.stdout.on("data", () => out.includes("ready") && ok())),
        done: new Promise<string>((ok) => child.on("exit", () => ok(out.replace("ready\n", "")))),
      };
    });
    await Promise.all(outputs.map((o) => o.ready));
    for (const child of children) child.stdin.write("go\n");
    const results = await Promise.all(outputs.map((o) => o.done));
    expect(results.filter((o) => o === "won\n")).toHaveLength(1);
    expect(results.filter((o) => o.startsWith("refused: another docker-cache-bench run (pid "))).toHaveLength(
      3,
    );
    expect(await readdir(locksDir)).toEqual([]);
  });
});
