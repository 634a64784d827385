// The key scheme: sanitizing, the 512-character cap, and prefixes that never reach another
// branch's or benchmark's entries (the cache service matches restore keys as plain prefixes).
import { describe, expect, it } from "vitest";
import { baselineKey, baselineRestoreKey, commitFromKey, MAX_KEY_LENGTH } from "../../src/baseline/keys.js";

const SHA = "3fe5183a9b7c2d1e0f4a5b6c7d8e9f0a1b2c3d4e";

describe("baselineKey", () => {
  it.each([
    { name: "plain", id: "web", branch: "main", key: `docker-cache-bench-v1:web:main:${SHA}` },
    {
      name: "slashes, dots and dashes kept",
      id: "api.v2",
      branch: "release/1.x-rc",
      key: `docker-cache-bench-v1:api.v2:release/1.x-rc:${SHA}`,
    },
    {
      name: "commas, colons, spaces and non-ASCII replaced",
      id: "a,b c",
      branch: "feat:ü",
      key: `docker-cache-bench-v1:a_b_c:feat__:${SHA}`,
    },
  ])("$name", ({ id, branch, key }) => {
    expect(baselineKey({ benchmarkId: id, branch, commit: SHA })).toBe(key);
  });

  it("stays within 512 characters and comma-free for the longest inputs", () => {
    const key = baselineKey({
      benchmarkId: "i".repeat(1000),
      branch: "b,".repeat(1000),
      commit: "c".repeat(200),
    });
    expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(key).not.toContain(",");
  });
});

describe("baselineRestoreKey", () => {
  const main = baselineRestoreKey({ benchmarkId: "app", branch: "main" });

  it.each([
    { name: "a branch that extends the name", benchmarkId: "app", branch: "main-old" },
    { name: "a branch below it", benchmarkId: "app", branch: "main/next" },
    { name: "a benchmark id that extends the id", benchmarkId: "app-api", branch: "main" },
    { name: "an id that swallows the branch", benchmarkId: "app:main", branch: "x" },
  ])("is not a prefix of the key of $name", (other) => {
    expect(baselineKey({ ...other, commit: SHA }).startsWith(main)).toBe(false);
  });

  it("is a prefix of the branch's own keys, and gives their commit back", () => {
    const key = baselineKey({ benchmarkId: "app", branch: "main", commit: SHA });
    expect(key.startsWith(main)).toBe(true);
    expect(commitFromKey(key, { benchmarkId: "app", branch: "main" })).toBe(SHA);
    expect(commitFromKey(key, { benchmarkId: "app", branch: "dev" })).toBeNull();
  });
});
