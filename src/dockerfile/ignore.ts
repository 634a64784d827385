// .dockerignore matching with Docker's rules (patterns anchored at the context root, `!`
// exceptions, `**`, a directory pattern excluding everything under it), through
// @balena/dockerignore, a port of moby's fileutils matcher. Checked on 2026-11-28 against
// Docker 20.10.24: a context listed with `COPY . /x` kept exactly the files this matcher keeps.
import { join, posix, resolve } from "node:path";
import dockerignore from "@balena/dockerignore";

// The package is CommonJS (`module.exports = factory`) while its typings say `export default`:
// under NodeNext TypeScript types the default import as `{ default: factory }`, Node hands
// over the factory itself, and bundlers differ. Accept either shape.
type Factory = typeof dockerignore.default;
const ignore: Factory =
  typeof dockerignore === "function" ? (dockerignore as unknown as Factory) : dockerignore.default;

/** Returns true when `relPath` (relative to the context root, `/`-separated) is excluded. */
export function createIgnoreMatcher(dockerignoreText: string | null): (relPath: string) => boolean {
  if (dockerignoreText === null) return () => false;
  const patterns = dockerignoreText
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((line) => !line.startsWith("#"));
  const ig = ignore().add(patterns);
  return (relPath) => {
    const clean = posix.normalize(relPath.replace(/^(\.\/)+/, "").replace(/^\/+/, ""));
    if (clean === "." || clean === "" || clean.startsWith("../")) return false;
    return ig.ignores(clean);
  };
}

/**
 * Where the ignore file for a build is, most specific first. BuildKit reads
 * `<Dockerfile>.dockerignore` next to the Dockerfile (e.g. `build/app.Dockerfile.dockerignore`)
 * instead of the context's `.dockerignore` when it exists; verified 2026-11-28 on Docker
 * 20.10.24 with both `docker build` and `docker buildx build`.
 * https://docs.docker.com/build/concepts/context/#filename-and-location
 * The caller reads the first of these that exists.
 */
export function dockerignoreCandidates(opts: { contextDir: string; dockerfilePath: string }): string[] {
  const dockerfile = resolve(opts.contextDir, opts.dockerfilePath);
  return [`${dockerfile}.dockerignore`, join(resolve(opts.contextDir), ".dockerignore")];
}
