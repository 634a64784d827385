// Which context paths a COPY/ADD source takes: the one matcher the touch and the diagnosis share.
//
// BuildKit resolves a source with wildcards by walking the context and testing each path
// against the pattern with Go's filepath.Match (tonistiigi/fsutil copy.go resolveWildcards;
// the Dockerfile reference, "Pattern matching"). So, unlike a shell or picomatch:
//   - `*` and `?` never cross a `/`, and `**` is just two `*`: `a/**/b.py` takes `a/x/b.py`
//     only, not `a/b.py` nor `a/x/y/b.py`;
//   - only `[^…]` negates a class: `[!t]` is the class of `!` and `t`;
//   - `\` escapes the next character; a malformed pattern matches nothing;
//   - a matched directory is copied whole.
// With `COPY --parents` the source is an include pattern for moby/patternmatcher instead (the
// .dockerignore syntax, where `**` spans any number of directories, none included).
// Checked on 2026-12-01 with `-o type=local` builds on Docker 20.10's BuildKit and on buildx
// 0.29.1 (test/engine/glob.test.ts repeats the check on the engine the suite runs on).
import { createIgnoreMatcher } from "./ignore.js";
import type { ContextCopy } from "./model.js";

/** Does the source pattern take `relPath` (context-relative, `/`-separated): itself or a directory above it? */
export type SourceMatcher = (relPath: string) => boolean;

export interface SourceOptions {
  /** `COPY --parents`: the pattern is read with .dockerignore rules. */
  parents?: boolean;
}

export function copySourceMatcher(source: string, opts: SourceOptions = {}): SourceMatcher {
  if (source === "." || source === "") return () => true;
  if (opts.parents) return createIgnoreMatcher(source);
  const test = hasWildcards(source) ? goPatternTest(source) : (p: string) => p === source;
  return (relPath) => {
    let end = relPath.indexOf("/");
    while (end !== -1) {
      if (test(relPath.slice(0, end))) return true;
      end = relPath.indexOf("/", end + 1);
    }
    return test(relPath);
  };
}

/** `copySourceMatcher(source)(path)`, for one-off questions. */
export function copySourceCovers(source: string, relPath: string, opts: SourceOptions = {}): boolean {
  return copySourceMatcher(source, opts)(relPath);
}

/** fsutil's containsWildcards: `*`, `?` or `[` not escaped by `\`. */
export function hasWildcards(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "*" || c === "?" || c === "[") return true;
  }
  return false;
}

/**
 * The directories before the first segment with a wildcard: the only place a walk for the
 * source needs to start (fsutil's splitWildcards).
 */
export function literalRoot(source: string): string {
  if (source === "." || source === "") return "";
  const literal: string[] = [];
  for (const seg of source.split("/")) {
    if (hasWildcards(seg) || seg.includes("\\")) break;
    literal.push(seg);
  }
  return literal.join("/");
}

/** A Go filepath.Match pattern as a whole-path test; a malformed pattern never matches. */
function goPatternTest(pattern: string): (path: string) => boolean {
  const body = goPatternToRegExp(pattern);
  if (body === null) return () => false;
  const re = new RegExp(`^${body}$`, "u");
  return (path) => re.test(path);
}

const lit = (c: string) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;

/** Go's syntax: `*` `?` outside `/`, `[^a-z]` classes (with `\` escapes), `\c` literal. */
function goPatternToRegExp(pattern: string): string | null {
  const chars = [...pattern];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "\\") {
      const next = chars[++i];
      if (next === undefined) return null;
      out += lit(next);
    } else if (c === "[") {
      const cls = readClass(chars, i + 1);
      if (!cls) return null;
      out += cls.regexp;
      i = cls.end;
    } else out += lit(c);
  }
  return out;
}

/** A class starting after `[`: `{ regexp, end }` with `end` at its `]`, or null when malformed. */
function readClass(chars: string[], start: number): { regexp: string; end: number } | null {
  let i = start;
  const negated = chars[i] === "^";
  if (negated) i++;
  const ranges: string[] = [];
  let count = 0;
  const readChar = (): string | null => {
    let c = chars[i];
    if (c === undefined || c === "-" || c === "]") return null;
    if (c === "\\") c = chars[++i];
    if (c === undefined) return null;
    i++;
    return c;
  };
  for (;;) {
    if (chars[i] === "]" && count > 0) break;
    const lo = readChar();
    if (lo === null) return null;
    let hi = lo;
    if (chars[i] === "-") {
      i++;
      const h = readChar();
      if (h === null) return null;
      hi = h;
    }
    // Go accepts a reversed range and lets it match nothing; a RegExp would throw.
    if ((lo.codePointAt(0) ?? 0) <= (hi.codePointAt(0) ?? 0))
      ranges.push(lo === hi ? lit(lo) : `${lit(lo)}-${lit(hi)}`);
    count++;
  }
  if (!ranges.length) return { regexp: negated ? "[\\s\\S]" : "(?!)", end: i };
  return { regexp: `[${negated ? "^" : ""}${ranges.join("")}]`, end: i };
}

/** Does any source of the copy take `relPath`? Reads `--parents` from the instruction. */
export function contextCopyMatcher(copy: ContextCopy): SourceMatcher {
  const flag = copy.instruction.flags["parents"];
  const parents = flag === true || flag === "true";
  const matchers = copy.sources.map((s) => copySourceMatcher(s, { parents }));
  return (relPath) => matchers.some((m) => m(relPath));
}
