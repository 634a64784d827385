// One lock per touched file, keyed by device and inode, so two runs that would touch the same
// file wait for each other or refuse, whatever context or path each one reached it by (the same
// context twice, overlapping contexts such as ov/ and ov/sub/, a symlinked checkout). Without it
// both append, both restore, and the nonce lines stay in the file (issue 7).
//
// Why not a single lock file created with O_EXCL: taking over a dead run's lock then means
// deleting or replacing that file, and two runs doing it at once can both win (one deletes the
// lock the other has just taken). Here each run writes its own claim `<key>.<runId>.claim` under
// a unique name and then lists the claims on the key. A dead run's claim can be deleted by anyone
// at any time without harm, so a takeover is a plain delete; and of two runs that claim at once
// the one that lists second sees the first one's claim, so they never both win. When both see
// each other, both withdraw, back off for a random moment and try again.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { TouchLockedError } from "./errors.js";
import { liveness, OwnerSchema, type Owner } from "./owner.js";

/** Tries after a collision before a run that does not wait gives up (a holder keeps its claim for the whole run). */
const COLLISION_TRIES = 6;
const WAIT_POLL_MS = 500;

const ClaimSchema = z.object({ owner: OwnerSchema, path: z.string(), relPath: z.string() });
type Claim = z.infer<typeof ClaimSchema>;

export interface LockTarget {
  /** Absolute path of the file. */
  path: string;
  /** How this run names it in messages (context-relative). */
  relPath: string;
}

export interface LockOptions {
  /** The locks directory (private, see statedir.ts). */
  dir: string;
  owner: Owner;
  wait: boolean;
  signal?: AbortSignal;
  /** Called once per holder while waiting. */
  onWaiting?: (holder: Owner, relPath: string) => void;
}

export interface HeldLocks {
  /** Drops every claim; synchronous so signal and exit handlers can call it; idempotent. */
  release(): void;
}

/** `dev-ino` of the file a path names (following symlinks): the same key however it is reached. */
export function lockKey(path: string): string {
  const st = statSync(path, { bigint: true });
  return `${st.dev}-${st.ino}`;
}

/**
 * Locks every target, in key order so two waiting runs cannot deadlock. Throws TouchLockedError
 * naming the holder when a live run holds one and `wait` is off; what was taken is released.
 */
export async function lockFiles(targets: LockTarget[], opts: LockOptions): Promise<HeldLocks> {
  const keyed = new Map(targets.map((t) => [lockKey(t.path), t]));
  const held: string[] = [];
  const release = () => {
    for (const claim of held.splice(0)) removeQuietly(claim);
  };
  try {
    for (const key of [...keyed.keys()].sort()) {
      held.push(await lockOne(key, keyed.get(key) as LockTarget, opts));
    }
  } catch (e) {
    release();
    throw e;
  }
  return { release };
}

async function lockOne(key: string, target: LockTarget, opts: LockOptions): Promise<string> {
  const reported = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    opts.signal?.throwIfAborted();
    const { claimPath, holder } = claimOnce(key, target, opts);
    if (!holder) return claimPath as string;
    if (opts.wait) {
      if (!reported.has(holder.runId)) opts.onWaiting?.(holder, target.relPath);
      reported.add(holder.runId);
      await pause(WAIT_POLL_MS + Math.random() * WAIT_POLL_MS, opts.signal);
    } else if (attempt >= COLLISION_TRIES) {
      throw new TouchLockedError(target.relPath, holder);
    } else {
      await pause(20 + Math.random() * 130 * attempt, opts.signal);
    }
  }
}

/** Writes our claim, then looks at the others: returns our claim's path, or the live holder (our claim withdrawn). */
function claimOnce(
  key: string,
  target: LockTarget,
  opts: LockOptions,
): { claimPath: string | null; holder: Owner | null } {
  const claimPath = join(opts.dir, `${key}.${opts.owner.runId}.claim`);
  const claim: Claim = { owner: opts.owner, path: target.path, relPath: target.relPath };
  // Written aside and renamed into place, so a reader never sees half a claim.
  const tmp = join(opts.dir, `.${opts.owner.runId}.${randomBytes(4).toString("hex")}.tmp`);
  writeFileSync(tmp, JSON.stringify(claim), { flag: "wx", mode: 0o600 });
  renameSync(tmp, claimPath);
  for (const name of readdirSync(opts.dir)) {
    if (!name.startsWith(`${key}.`) || !name.endsWith(".claim")) continue;
    const other = join(opts.dir, name);
    if (other === claimPath) continue;
    const owner = readClaimOwner(other);
    if (owner === "gone") continue;
    const state = owner === "invalid" ? "dead" : liveness(owner, opts.owner);
    if (state === "dead") removeQuietly(other);
    else if (state !== "self") {
      removeQuietly(claimPath);
      return { claimPath: null, holder: owner as Owner };
    }
  }
  return { claimPath, holder: null };
}

/** A sleep that ends with the abort's own reason (an InterruptedError), not a generic AbortError. */
async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (e) {
    signal?.throwIfAborted();
    throw e;
  }
}

function readClaimOwner(path: string): Owner | "gone" | "invalid" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return "gone";
  }
  try {
    const parsed = ClaimSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.owner : "invalid";
  } catch {
    return "invalid";
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: another run collected it, which is the same outcome.
  }
}
