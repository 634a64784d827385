import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

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
