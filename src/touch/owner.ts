// Who holds a lock, a journal or an image: enough for another process to tell later whether that
// run is still alive. A pid alone is not: pids are reused (a container restarts at the same pid,
// a busy runner wraps around), so the process start time and the boot id go with it.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";

export const OwnerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  /** Linux boot id; a different one means the machine rebooted since, so the run is gone. */
  bootId: z.string().nullable(),
  /** Start time in clock ticks since boot (/proc/PID/stat field 22): tells a reused pid apart. */
  startTicks: z.string().nullable(),
  /** Random per run: tells this run from an earlier one that had the same pid. */
  runId: z.string().regex(/^[0-9a-f]{16}$/),
});
export type Owner = z.infer<typeof OwnerSchema>;

export function newOwner(): Owner {
  return {
    pid: process.pid,
    host: hostname(),
    bootId: readBootId(),
    startTicks: processStartTicks(process.pid),
    runId: randomBytes(8).toString("hex"),
  };
}

/**
 * alive: that run may still be working; dead: it certainly is not (same machine, pid gone or
 * reused, or rebooted since); elsewhere: another host, which we cannot check, so it counts as alive.
 */
export type Liveness = "self" | "alive" | "dead" | "elsewhere";

export function liveness(other: Owner, self: Owner): Liveness {
  if (other.runId === self.runId) return "self";
  if (other.host !== self.host) return "elsewhere";
  if (other.bootId && self.bootId && other.bootId !== self.bootId) return "dead";
  if (!isProcessAlive(other.pid)) return "dead";
  // Our own pid with another start time: a run before a container restart, which began at pid 1 too.
  const ticks = processStartTicks(other.pid);
  return other.startTicks && ticks && ticks !== other.startTicks ? "dead" : "alive";
}

/** "pid 123 on host ci-7": how messages name another run. */
export function describeOwner(o: Owner): string {
  return `pid ${o.pid} on host ${o.host}`;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readBootId(): string | null {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || null;
  } catch {
    return null;
  }
}

/** Field 22 of /proc/PID/stat, counted after the `(comm)` field, which may hold spaces. */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return parseStartTicks(stat);
  } catch {
    return null;
  }
}

export function parseStartTicks(stat: string): string | null {
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = rest[19];
  return ticks && /^\d+$/.test(ticks) ? ticks : null;
}
