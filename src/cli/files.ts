// Files the CLI reads or writes besides the build: output paths checked before the first build
// (a typo should not cost a full cold build), and a Dockerfile read from standard input.
import { constants } from "node:fs";
import { access, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";

/** Throws a UsageError when `path` (null: not asked for, "-": stdout) cannot be written. */
export async function checkOutputPath(flag: string, path: string | null): Promise<void> {
  if (path === null || path === "-") return;
  const target = resolve(path);
  const st = await stat(target).catch(() => null);
  if (st?.isDirectory()) throw new UsageError(`${flag} ${path}: is a directory (give a file name)`);
  const dir = dirname(target);
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) throw new UsageError(`${flag} ${path}: the directory ${dir} does not exist`);
  try {
    await access(st ? target : dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: not writable`);
  }
}

/**
 * `-f -`: docker reads the Dockerfile from stdin, but the tool needs its text too (line numbers,
 * COPY sources), so stdin is read once into a private temp file that both use.
 */
export async function dockerfileFromStdin(
  stdin: NodeJS.ReadableStream & { isTTY?: boolean },
): Promise<{ path: string; remove(): Promise<void> }> {
  if (stdin.isTTY)
    throw new UsageError("-f -: pipe the Dockerfile in (`docker-cache-bench run -f - . < Dockerfile`)");
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
  const text = Buffer.concat(chunks);
  if (text.toString("utf8").trim() === "")
    throw new UsageError("-f -: standard input was empty (no Dockerfile)");
  const dir = await mkdtemp(join(tmpdir(), "dcb-stdin-"));
  const path = join(dir, "Dockerfile");
  await writeFile(path, text, { mode: 0o600 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
