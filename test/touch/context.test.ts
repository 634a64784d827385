import { describe, expect, it } from "vitest";
import { fileCategory, isManifest } from "../../src/touch/kinds.js";

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
    { path: "babel.config.js", category: 1 },
    { path: "karma.conf.js", category: 1 },
    { path: ".eslintrc.cjs", category: 1 },
    { path: "src/config.ts", category: 0 },
    { path: "logo.png", category: 2 },
  ])("fileCategory($path) = $category", ({ path, category }) => {
    expect(fileCategory(path)).toBe(category);
  });
});
