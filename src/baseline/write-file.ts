// Result files the user names (`--json base.json`, often last run's baseline being replaced) and
// the Action's report.json: written beside the target and renamed over it, so a signal, a full
// disk or a crash in the middle leaves the old file whole, never half of the new one.
import { lstat, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export async function writeFileReplacing(path: string, text: string): Promise<void> {
  const kind = await lstat(path).catch(() => null);
  // A device, a pipe or a symlink (`--json /dev/stdout`, a link the user keeps) is written
  // through, as before: renaming over it would replace the link or the device node itself.
  if (kind && !kind.isFile()) {
    await writeFile(path, text);
    return;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    // The mode of a file that is replaced is kept (a baseline the team made read-only for others).
    await writeFile(tmp, text, { flag: "wx", mode: kind ? kind.mode & 0o777 : 0o666 });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
