// The context walk on real directories: what it counts must be what BuildKit is sent.
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { measureContext } from "../../src/context/measure.js";
import { readIgnoreFile } from "../../src/touch/index.js";

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "dcb-measure-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

async function measure(files: Record<string, string>) {
  const root = await tree({ Dockerfile: "FROM scratch\n", ...files });
  return measureContext(root, await readIgnoreFile(root, join(root, "Dockerfile")));
}

describe("measureContext", () => {
  it("counts files and bytes, heaviest top-level directories first, and the disposable ones by kind", async () => {
    const m = await measure({
      "package.json": "{}",
      "node_modules/a/index.js": "12345",
      "node_modules/a/package.json": "{}",
      "node_modules/b/index.js": "1",
      "src/app.js": "x",
      "env3/pyvenv.cfg": "home = /usr/bin",
      "env3/lib/site.py": "",
      "scripts/build/run.sh": "echo", // no manifest next to it: an ordinary directory
      ".git/HEAD": "ref: refs/heads/main\n",
    });
    expect(m).toMatchObject({ files: 10, truncated: false });
    expect(m.bytes).toBe(13 + 2 + 5 + 2 + 1 + 1 + 15 + 0 + 4 + 21);
    expect(m.topDirs[0]).toEqual({ path: "node_modules", files: 3, bytes: 8 });
    expect(m.disposable.map((d) => [d.path, d.kind, d.files])).toEqual([
      ["node_modules", "dependencies", 3],
      ["env3", "virtualenv", 2],
      [".git", "vcs", 1],
    ]);
  });

  it("follows the ignore file: excluded directories are not sent, `!` exceptions are", async () => {
    const m = await measure({
      ".dockerignore": "node_modules\n.git\ndata/**\n!data/keep.csv\n",
      "package.json": "{}",
      "node_modules/a/index.js": "12345",
      ".git/HEAD": "ref",
      "data/big.csv": "1,2,3",
      "data/keep.csv": "4",
      "src/__pycache__/m.pyc": "c",
    });
    expect(m.disposable.map((d) => d.path)).toEqual(["src/__pycache__"]);
    expect(m.topDirs.map((d) => [d.path, d.files])).toEqual([
      ["data", 1],
      ["src", 1],
    ]);
    expect(m.files).toBe(5); // Dockerfile, .dockerignore, package.json, data/keep.csv, m.pyc
  });

  it("markers decide the generic names; nested disposable directories count once, in the outer one", async () => {
    const m = await measure({
      "Cargo.toml": "",
      "target/debug/app": "bin",
      "target/debug/.fingerprint/x": "",
      "web/package.json": "{}",
      "web/dist/main.js": "1",
      "web/node_modules/x/node_modules/y/i.js": "1",
      "lib/dist/readme.md": "no manifest here",
    });
    expect(m.disposable.map((d) => [d.path, d.files])).toEqual([
      ["target", 2],
      ["web/dist", 1],
      ["web/node_modules", 1],
    ]);
  });

  it("counts a symlink as one entry sent (BuildKit sends the link, not its target)", async () => {
    const root = await tree({ Dockerfile: "FROM scratch\n", "real/a.txt": "aaaa" });
    await symlink(join(root, "real"), join(root, "link"));
    const m = await measureContext(root, await readIgnoreFile(root, join(root, "Dockerfile")));
    expect(m.files).toBe(3);
  });
});

describe("the listing the diagnosis checks its fixes against", () => {
  it("lists the files sent, what the ignore file excludes, and the disposable directories it does not list", async () => {
    const m = await measure({
      ".dockerignore": "pnpm-lock.yaml\ndocs\n",
      "package.json": "{}",
      "pnpm-lock.yaml": "lockfileVersion: 9",
      "pnpm-workspace.yaml": "packages: ['packages/*']",
      "packages/api/package.json": "{}",
      "docs/index.md": "#",
      "node_modules/a/package.json": "{}",
    });
    expect(m.listing.complete).toBe(true);
    expect([...m.listing.files].sort()).toEqual([
      ".dockerignore",
      "Dockerfile",
      "package.json",
      "packages/api/package.json",
      "pnpm-workspace.yaml",
    ]);
    expect([...m.listing.excluded].sort()).toEqual(["docs", "pnpm-lock.yaml"]);
    expect(m.listing.unlisted).toEqual(["node_modules"]);
  });
});
