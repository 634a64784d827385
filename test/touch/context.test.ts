import { describe, expect, it } from "vitest";
import { literalRoot, sourceMatcher } from "../../src/touch/context.js";
import { fileCategory, isManifest } from "../../src/touch/kinds.js";

describe("sourceMatcher (COPY source → files it copies)", () => {
  it.each([
    { name: "whole context", source: ".", path: "a/b/c.py", copies: true },
    { name: "exact file", source: "app.py", path: "app.py", copies: true },
    { name: "exact file is not a prefix", source: "app.py", path: "app.pyc", copies: false },
    { name: "directory copies its tree", source: "src", path: "src/pkg/mod.py", copies: true },
    { name: "directory name is not a prefix", source: "src", path: "srcx/mod.py", copies: false },
    { name: "* stays in one directory", source: "*.py", path: "pkg/mod.py", copies: false },
    { name: "* matches at the top", source: "*.py", path: "main.py", copies: true },
    { name: "* matching a directory copies it", source: "sr*", path: "src/pkg/mod.py", copies: true },
    { name: "?", source: "app?.py", path: "app1.py", copies: true },
    { name: "character class", source: "[a-c]*.txt", path: "b.txt", copies: true },
    { name: "negated class", source: "[^a-c]*.txt", path: "b.txt", copies: false },
    { name: "** crosses directories", source: "pkg/**/go.mod", path: "pkg/a/b/go.mod", copies: true },
    { name: "** matches zero directories", source: "pkg/**/go.mod", path: "pkg/go.mod", copies: true },
    { name: "escaped wildcard is literal", source: "a\\*b", path: "a*b", copies: true },
    { name: "dots are literal", source: "a.b", path: "axb", copies: false },
  ])("$name", ({ source, path, copies }) => {
    expect(sourceMatcher(source)(path)).toBe(copies);
  });
});

describe("literalRoot", () => {
  it.each([
    { source: ".", root: "" },
    { source: "src/app", root: "src/app" },
    { source: "src/*.py", root: "src" },
    { source: "*.json", root: "" },
    { source: "pkg/**/go.mod", root: "pkg" },
  ])("$source → '$root'", ({ source, root }) => {
    expect(literalRoot(source)).toBe(root);
  });
});

describe("file kinds", () => {
  it.each([
    { path: "requirements.txt", manifest: true },
    { path: "requirements-dev.txt", manifest: true },
    { path: "sub/package.json", manifest: true },
    { path: "package-lock.json", manifest: true },
    { path: "go.sum", manifest: true },
    { path: "Gemfile.lock", manifest: true },
    { path: "Cargo.toml", manifest: true },
    { path: "pyproject.toml", manifest: true },
    { path: "poetry.lock", manifest: true },
    { path: "Dockerfile", manifest: true },
    { path: ".dockerignore", manifest: true },
    { path: "app.py", manifest: false },
    { path: "packages/json.py", manifest: false },
  ])("isManifest($path) = $manifest", ({ path, manifest }) => {
    expect(isManifest(path)).toBe(manifest);
  });

  it.each([
    { path: "main.go", category: 0 },
    { path: "src/App.TSX", category: 0 },
    { path: "README.md", category: 1 },
    { path: "Makefile", category: 1 },
    { path: "logo.png", category: 2 },
  ])("fileCategory($path) = $category", ({ path, category }) => {
    expect(fileCategory(path)).toBe(category);
  });
});
