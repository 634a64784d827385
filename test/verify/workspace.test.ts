// The variant copies' home: private like the rest of the state dir, and what a killed
// verification left is removed only when its owner is provably dead.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newOwner, UntrustedStateError } from "../../src/touch/index.js";
import { openVariantRoot } from "../../src/verify/workspace.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function stateDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "dcb-variant-state-"));
  dirs.push(d);
  return join(d, "state");
}
async function plant(variants: string, name: string, owner: object | null): Promise<string> {
  const dir = join(variants, name);
  await mkdir(join(dir, "context"), { recursive: true, mode: 0o700 });
  if (owner) await writeFile(join(dir, "owner.json"), JSON.stringify(owner));
  return dir;
}

describe("openVariantRoot", () => {
  it("makes a private directory per run under <state>/variants and removes it", async () => {
    const state = await stateDir();
    const root = await openVariantRoot(state);
    expect(root.dir.startsWith(join(state, "variants") + "/")).toBe(true);
    for (const d of [state, join(state, "variants"), root.dir])
      expect((await stat(d)).mode & 0o777).toBe(0o700);
    await root.remove();
    expect(existsSync(root.dir)).toBe(false);
  });

  it("removes a killed verification's copy, keeps a live run's and anything without an owner file", async () => {
    const state = await stateDir();
    const variants = join(state, "variants");
    const gone = spawnSync("true").pid;
    const dead = await plant(variants, "a".repeat(16), { ...newOwner(), pid: gone, startTicks: null });
    const live = await plant(variants, "b".repeat(16), { ...newOwner(), pid: process.pid });
    const foreign = await plant(variants, "c".repeat(16), null);
    const root = await openVariantRoot(state);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
    expect((await readdir(variants)).length).toBe(3);
    await root.remove();
  });

  it("refuses a state dir other users can write", async () => {
    const state = await stateDir();
    await mkdir(state, { mode: 0o700 });
    await chmod(state, 0o777);
    await expect(openVariantRoot(state)).rejects.toBeInstanceOf(UntrustedStateError);
  });
});
