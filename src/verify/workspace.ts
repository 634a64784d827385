// Where a variant's temporary copy lives: <state>/variants/<runId>/ (context/, state/, Dockerfile),
// inside the per-user 0700 state directory (src/touch/statedir.ts) rather than the system temp
// dir. So the copy's own state dir (journals of the touch applied to the copy) passes the same
// private-directory checks by construction, and the copy sits on the filesystem the tool already
// writes to, where hard links to the project usually work (RUNNER_TEMP is on the workspace disk).
// SIGINT/SIGTERM/SIGHUP remove the directory once the variant's own run has cleaned up (its
// guard re-raises the signal into this one). A run killed outright leaves it (hard links and
// copies only, no user file at risk); the next verification removes the ones whose owner is
// provably dead.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createRunGuard, type RunGuard } from "../cleanup/guard.js";
import { ensurePrivateDir, liveness, newOwner, OwnerSchema, type Owner } from "../touch/index.js";

export interface VariantRoot {
  dir: string;
  /** Interrupted while the copy is made: throwIfInterrupted() before building from it. */
  guard: RunGuard;
  /** Removes the directory, then lets a pending signal end the process. */
  remove(): Promise<void>;
}

export async function openVariantRoot(stateDir: string): Promise<VariantRoot> {
  ensurePrivateDir(stateDir);
  const variants = join(stateDir, "variants");
  ensurePrivateDir(variants);
  const owner = newOwner();
  removeDeadVariants(variants, owner);
  const dir = join(variants, owner.runId);
  await mkdir(dir, { mode: 0o700 });
  await writeFile(join(dir, "owner.json"), JSON.stringify(owner), { mode: 0o600 });
  const guard = createRunGuard();
  guard.onInterruptEnd(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    guard,
    remove: async () => {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      guard.dispose();
    },
  };
}

function removeDeadVariants(variants: string, self: Owner): void {
  for (const name of readdirSync(variants)) {
    const dir = join(variants, name);
    let owner: Owner | null = null;
    try {
      owner = OwnerSchema.parse(JSON.parse(readFileSync(join(dir, "owner.json"), "utf8")));
    } catch {
      continue; // not ours to judge: a copy being set up, or something we did not write
    }
    if (liveness(owner, self) === "dead") rmSync(dir, { recursive: true, force: true });
  }
}
