import { chmod, lstat, mkdtemp, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileReplacing } from "../../src/baseline/write-file.js";

const dir = () => mkdtemp(join(tmpdir(), "dcb-write-"));

describe("writeFileReplacing", () => {
  it("a new file: written, nothing else left in the directory", async () => {
    const d = await dir();
    await writeFileReplacing(join(d, "report.json"), "{}\n");
    expect(await readFile(join(d, "report.json"), "utf8")).toBe("{}\n");
    expect(await readdir(d)).toEqual(["report.json"]);
  });

  it("an existing file is replaced by a new inode (never truncated in place) and keeps its mode", async () => {
    const d = await dir();
    const path = join(d, "base.json");
    await writeFile(path, "old baseline, long enough to tell a partial write from a whole one\n");
    await chmod(path, 0o640);
    const before = await lstat(path);
    await writeFileReplacing(path, "new\n");
    const after = await lstat(path);
    expect(await readFile(path, "utf8")).toBe("new\n");
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o640);
    expect(await readdir(d)).toEqual(["base.json"]);
  });

  it("a symlink is written through: the link stays, its target gets the text", async () => {
    const d = await dir();
    await writeFile(join(d, "real.json"), "old\n");
    await symlink("real.json", join(d, "link.json"));
    await writeFileReplacing(join(d, "link.json"), "new\n");
    expect(await readlink(join(d, "link.json"))).toBe("real.json");
    expect(await readFile(join(d, "real.json"), "utf8")).toBe("new\n");
  });

  it("a directory is an error, as writeFile's, and nothing is left beside it", async () => {
    const d = await dir();
    await expect(writeFileReplacing(d, "x")).rejects.toMatchObject({ code: "EISDIR" });
    expect(await readdir(d)).toEqual([]);
  });

  it("a missing directory is an error, and the temporary file is not left anywhere", async () => {
    const d = await dir();
    await expect(writeFileReplacing(join(d, "no", "report.json"), "x")).rejects.toMatchObject({
      code: "ENOENT",
    });
    expect(await readdir(d)).toEqual([]);
  });
});
