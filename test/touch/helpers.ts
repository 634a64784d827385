import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFile, mkdir, mkdtemp, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FileRecord } from "../../src/touch/journal.js";
import { newOwner, type Owner } from "../../src/touch/owner.js";
import { touchSuffix } from "../../src/touch/session.js";

const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** A temporary directory holding the given files (path → content). */
export async function makeDir(files: Record<string, string>, prefix = "dcb-touch-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
  return dir;
}

export const df = (...lines: string[]) => lines.join("\n") + "\n";

/** Starts a TypeScript fixture in a child process; resolves once it prints `ready` (a line starting with it). */
export function startFixture(script: string, args: string[], ready: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url)), ...args],
    {
      cwd: REPO,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Promise((ok, fail) => {
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => d.toString().includes(ready) && ok(child));
    child.on("exit", (code) => fail(new Error(`child exited (${code}) before "${ready}": ${err}`)));
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((ok) => child.once("exit", (code, signal) => ok({ code, signal })));
}

/** The pid of a process that has certainly exited. */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
}

/** Whether `chattr` can set the append-only flag on files under the temp dir (root on ext4/xfs/btrfs). */
export function canChattr(dir: string): boolean {
  const probe = join(dir, ".chattr-probe");
  spawnSync("touch", [probe]);
  const ok = spawnSync("chattr", ["+a", probe]).status === 0;
  spawnSync("chattr", ["-a", probe]);
  spawnSync("rm", ["-f", probe]);
  return ok;
}

export function chattr(flag: string, path: string): void {
  const r = spawnSync("chattr", [flag, path], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`chattr ${flag} ${path}: ${r.stderr}`);
}

/** A journal as a dead run would have left it, for files we name. */
export async function plantJournal(
  stateDir: string,
  contextDir: string,
  files: { path: string; relPath: string }[],
) {
  const owner: Owner = { ...newOwner(), pid: deadPid() };
  const dir = join(stateDir, "runs", owner.runId);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, "owner.json"), JSON.stringify(owner), { mode: 0o600 });
  const records = [];
  for (const f of files) {
    const content = await readFile(f.path);
    const appended = touchSuffix();
    await writeFile(f.path, Buffer.concat([content, Buffer.from(appended)]));
    const st = await stat(f.path, { bigint: true });
    records.push({
      ...f,
      size: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
      mode: Number(st.mode),
      atimeNs: st.atimeNs.toString(),
      mtimeNs: st.mtimeNs.toString(),
      appended,
    });
  }
  const journal = { version: 2, owner, contextDir, createdAt: new Date().toISOString(), files: records };
  await writeFile(join(dir, "journal.json"), JSON.stringify(journal), { mode: 0o600 });
  return dir;
}

/** A whole second, so that restore sets it back exactly through futimes (no GNU touch needed). */
export const ORIGINAL_MTIME_S = 1_600_000_000;

/**
 * A file touched the way a run touches it (the original, then our line appended) and the journal
 * record restore reads. The original's times are ORIGINAL_MTIME_S; the touched file's are now.
 */
export async function touchedFile(original: string | Buffer, name = "app.py") {
  const dir = await makeDir({}, "dcb-restore-");
  const path = join(dir, name);
  await writeFile(path, original);
  await utimes(path, ORIGINAL_MTIME_S, ORIGINAL_MTIME_S);
  const st = await stat(path, { bigint: true });
  const appended = touchSuffix();
  const bytes = Buffer.from(original);
  const rec: FileRecord = {
    path,
    relPath: name,
    size: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    mode: Number(st.mode),
    atimeNs: st.atimeNs.toString(),
    mtimeNs: st.mtimeNs.toString(),
    appended,
  };
  await appendFile(path, appended);
  return { dir, path, rec, appended, touched: Buffer.concat([bytes, Buffer.from(appended)]) };
}
