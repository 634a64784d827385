import { describe, expect, it } from "vitest";
import { copySourceCovers, hasWildcards, literalRoot } from "../../src/dockerfile/glob.js";
import { sourceMatcher } from "../../src/touch/context.js";
import { sourceCovers } from "../../src/analysis/diagnose/text.js";

// The expected values are what BuildKit copied in `-o type=local` builds (Docker 20.10's built-in
// BuildKit and buildx 0.29.1, 2026-12-01); test/engine/glob.test.ts re-checks them on the engine.
const CASES = [
  { name: "whole context", source: ".", path: "a/b/c.py", copies: true },
  { name: "exact file", source: "app.py", path: "app.py", copies: true },
  { name: "exact file is not a prefix", source: "app.py", path: "app.pyc", copies: false },
  { name: "directory copies its tree", source: "src", path: "src/pkg/mod.py", copies: true },
  { name: "directory name is not a prefix", source: "src", path: "srcx/mod.py", copies: false },
  { name: "* stays in one directory", source: "*.py", path: "pkg/mod.py", copies: false },
  { name: "* matches at the top", source: "*.py", path: "main.py", copies: true },
  { name: "* matching a directory copies it", source: "sr*", path: "src/pkg/mod.py", copies: true },
  { name: "c/* takes a subdirectory whole", source: "c/*", path: "c/d/e.txt", copies: true },
  { name: "?", source: "app?.py", path: "app1.py", copies: true },
  { name: "? is one character", source: "app?.py", path: "app12.py", copies: false },
  { name: "? never matches /", source: "a?b", path: "a/b", copies: false },
  { name: "character class", source: "[a-c]*.txt", path: "b.txt", copies: true },
  { name: "negated class: ^", source: "[^a-c]*.txt", path: "b.txt", copies: false },
  { name: "negated class: ^ lets others through", source: "src/[^t]*.py", path: "src/main.py", copies: true },
  { name: "[!t] is not negation: no main.py", source: "src/[!t]*.py", path: "src/main.py", copies: false },
  { name: "[!t] is the class of ! and t", source: "src/[!t]*.py", path: "src/test.py", copies: true },
  { name: "[!t] takes !x.py", source: "src/[!t]*.py", path: "src/!x.py", copies: true },
  { name: "** is one directory: a/x/b.py", source: "a/**/b.py", path: "a/x/b.py", copies: true },
  { name: "** is not zero directories", source: "a/**/b.py", path: "a/b.py", copies: false },
  { name: "** is not two directories", source: "a/**/b.py", path: "a/x/y/b.py", copies: false },
  // Sources as fsutil gets them, after the Dockerfile's own escapes (`COPY a\*b` gives `a*b`).
  { name: "escape beside a wildcard is literal", source: "a\\*b?", path: "a*bc", copies: true },
  { name: "escaped * is not a wildcard", source: "a\\*b?", path: "axbc", copies: false },
  { name: "no wildcard left: a literal name", source: "a\\*b", path: "a\\*b", copies: true },
  { name: "no wildcard left: no escape processing", source: "a\\*b", path: "a*b", copies: false },
  { name: "dots are literal", source: "a.b", path: "axb", copies: false },
  { name: "regexp characters are literal", source: "a+(b)*", path: "a+(b)c", copies: true },
  { name: "malformed class matches nothing", source: "a[", path: "a[", copies: false },
  { name: "empty class is malformed", source: "a[]b", path: "a]b", copies: false },
  { name: "reversed range matches nothing", source: "[z-a]", path: "m", copies: false },
  { name: "escape inside a class", source: "[\\]]x", path: "]x", copies: true },
];

describe("COPY source matching (BuildKit: Go filepath.Match, directories whole)", () => {
  it.each(CASES)("$name: $source takes $path = $copies", ({ source, path, copies }) => {
    expect(copySourceCovers(source, path)).toBe(copies);
  });

  // Issue 9: the touch and the diagnosis disagreed on these; both now call the same matcher.
  it.each(CASES)("touch and diagnosis agree: $source / $path", ({ source, path }) => {
    expect(sourceMatcher(source)(path)).toBe(sourceCovers(source, path));
  });

  it.each([
    { name: "** spans none", source: "src/**/*.txt", path: "src/a.txt", copies: true },
    { name: "** spans two", source: "src/**/*.txt", path: "src/x/y/c.txt", copies: true },
    { name: "* stays in a directory", source: "src/*.txt", path: "src/x/c.txt", copies: false },
  ])("COPY --parents reads .dockerignore syntax: $name", ({ source, path, copies }) => {
    expect(copySourceCovers(source, path, { parents: true })).toBe(copies);
  });
});

describe("literalRoot and hasWildcards", () => {
  it.each([
    { source: ".", root: "" },
    { source: "src/app", root: "src/app" },
    { source: "src/*.py", root: "src" },
    { source: "*.json", root: "" },
    { source: "pkg/**/go.mod", root: "pkg" },
    { source: "a/b\\*c/d", root: "a" },
  ])("$source → '$root'", ({ source, root }) => {
    expect(literalRoot(source)).toBe(root);
  });

  it.each([
    { pattern: "a/b.py", wild: false },
    { pattern: "a/*.py", wild: true },
    { pattern: "a\\*b", wild: false },
    { pattern: "[ab]", wild: true },
    { pattern: "a?", wild: true },
  ])("hasWildcards($pattern) = $wild", ({ pattern, wild }) => {
    expect(hasWildcards(pattern)).toBe(wild);
  });
});
