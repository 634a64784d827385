import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createIgnoreMatcher, dockerignoreCandidates } from "../../src/dockerfile/index.js";

// The first table reproduces a context built on 2026-11-28 with Docker 20.10.24
// (`COPY . /x` + `find /x`): the engine kept exactly the files marked `false` here.
const ENGINE_CHECKED = [
  "# comment",
  "node_modules",
  "**/*.log",
  "!a/b/c/deep.log",
  "docs",
  "!docs/keep",
  "*.md",
  "!README.md",
  "/secret.env",
  "src/sub/test_*",
  "**/.env",
].join("\n");

describe("createIgnoreMatcher", () => {
  const engine = createIgnoreMatcher(ENGINE_CHECKED);
  it.each([
    { path: "app.py", excluded: false },
    { path: "README.md", excluded: false },
    { path: "src/main.py", excluded: false },
    { path: "src/sub/util.py", excluded: false },
    { path: "a/b/c/deep.log", excluded: false },
    { path: "docs/keep/important.md", excluded: false },
    { path: "Dockerfile", excluded: false },
    { path: "src/sub/test_util.py", excluded: true },
    { path: "node_modules/pkg/index.js", excluded: true },
    { path: "docs/guide.md", excluded: true },
    { path: "logs/x.log", excluded: true },
    { path: "a/top.log", excluded: true },
    { path: "secret.env", excluded: true },
    { path: "src/.env", excluded: true },
  ])("engine-checked: $path excluded=$excluded", ({ path, excluded }) => {
    expect(engine(path)).toBe(excluded);
  });

  it.each([
    { name: "no ignore file", text: null, path: "anything/at/all.py", excluded: false },
    { name: "patterns are anchored at the root", text: "abc", path: "sub/abc", excluded: false },
    { name: "a directory pattern excludes its tree", text: "build/", path: "build/out/x.o", excluded: true },
    { name: "* does not cross directories", text: "*.pyc", path: "pkg/mod.pyc", excluded: false },
    { name: "** crosses directories", text: "**/*.pyc", path: "pkg/deep/mod.pyc", excluded: true },
    { name: "the last matching pattern wins", text: "*.txt\n!keep.txt", path: "keep.txt", excluded: false },
    {
      name: "exception re-includes inside an excluded dir",
      text: "vendor\n!vendor/ours",
      path: "vendor/ours/a.go",
      excluded: false,
    },
    { name: "leading ./ on the path", text: "secret", path: "./secret", excluded: true },
    { name: "leading / in the pattern", text: "/tmp", path: "tmp/x", excluded: true },
    { name: "CRLF ignore file", text: "a.txt\r\nb.txt\r\n", path: "b.txt", excluded: true },
    { name: "everything but", text: "*\n!src", path: "src/app.py", excluded: false },
    { name: "everything but (excluded side)", text: "*\n!src", path: "Makefile", excluded: true },
  ])("$name", ({ text, path, excluded }) => {
    expect(createIgnoreMatcher(text)(path)).toBe(excluded);
  });
});

describe("dockerignoreCandidates", () => {
  it.each([
    {
      name: "Dockerfile at the context root",
      contextDir: "/ctx",
      dockerfilePath: "/ctx/Dockerfile",
      expected: ["/ctx/Dockerfile.dockerignore", "/ctx/.dockerignore"],
    },
    {
      name: "Dockerfile elsewhere, relative to the context",
      contextDir: "/ctx",
      dockerfilePath: "build/app.Dockerfile",
      expected: ["/ctx/build/app.Dockerfile.dockerignore", "/ctx/.dockerignore"],
    },
  ])("$name: <Dockerfile>.dockerignore first", ({ contextDir, dockerfilePath, expected }) => {
    expect(dockerignoreCandidates({ contextDir, dockerfilePath })).toEqual(expected.map((p) => join(p)));
  });
});
