// `bake --print` failure paths with small fake docker clients (the happy path runs buildx for real
// in test/engine/bake.test.ts): a deadline, redacted stderr, no quoting of what it printed, and
// only the variables the file names in its environment.
import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileVariables, resolveBake } from "../../src/bake/resolve.js";
import { EnvironmentError, UsageError } from "../../src/errors.js";

const TOKEN = "tok-7d1c9e2a55";

async function project(script: string): Promise<{ dir: string; docker: string }> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-bake-resolve-"));
  const docker = join(dir, "docker");
  await writeFile(docker, `#!/bin/sh\n${script}\n`);
  await chmod(docker, 0o755);
  await writeFile(
    join(dir, "docker-bake.hcl"),
    'variable "NPM_TOKEN" {}\ntarget "app" {\n  args = { TOKEN = "${NPM_TOKEN}" }\n}\n',
  );
  return { dir, docker };
}

const env = { PATH: process.env.PATH, NPM_TOKEN: TOKEN, GITHUB_TOKEN: "ghs_canary_0ff" };

async function resolveWith(script: string, timeoutMs?: number) {
  const { dir, docker } = await project(script);
  const e = await resolveBake({
    docker,
    files: ["docker-bake.hcl"],
    targets: [],
    cwd: dir,
    env,
    timeoutMs,
  }).catch((err: unknown) => err);
  return { e, dir };
}

describe("resolveBake", () => {
  it("a buildx that never answers: stopped at the deadline, an error that says so", async () => {
    const started = performance.now();
    const { e } = await resolveWith("exec sleep 30", 300);
    expect(e).toBeInstanceOf(EnvironmentError);
    expect((e as Error).message).toMatch(/gave no answer in 0\.3 s and was stopped/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("a failure quoting an interpolated value: the value redacted, only the last lines", async () => {
    const { e } = await resolveWith(
      `for i in 1 2 3 4 5; do echo "line $i" >&2; done; echo "ERROR: bad value \\"$NPM_TOKEN\\" in args" >&2; exit 1`,
    );
    expect(e).toBeInstanceOf(UsageError);
    const message = (e as Error).message;
    expect(message).toContain('ERROR: bad value "${NPM_TOKEN}" in args');
    expect(message).not.toContain(TOKEN);
    expect(message).not.toMatch(/line [1-3]/);
  });

  it("escape sequences in buildx's stderr: stripped, one line, cut to a bound", async () => {
    const { e } = await resolveWith(
      `printf 'ERROR: \\033]8;;http://evil\\007link\\033]8;;\\007 \\033[31mred\\033[0m\\n' >&2; head -c 5000 /dev/zero | tr '\\0' x >&2; exit 1`,
    );
    const message = (e as Error).message;
    expect(message).toContain("ERROR: link red / xxx");
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(message).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(message.length).toBeLessThan(1200);
    expect(message).toMatch(/more characters cut\)$/);
  });

  it("output that is not JSON: said without quoting it", async () => {
    const { e } = await resolveWith(`echo "{ token: $NPM_TOKEN"`);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/did not print JSON \(\d+ characters of something else\)/);
    expect((e as Error).message).not.toContain(TOKEN.slice(0, 6));
  });

  it("the child gets the variables the file names, not the job's other tokens", async () => {
    const { e, dir } = await resolveWith(`env > "$(dirname "$0")/env.txt"; exit 1`);
    expect(e).toBeInstanceOf(UsageError);
    const seen = await readFile(join(dir, "env.txt"), "utf8");
    expect(seen).toContain(`NPM_TOKEN=${TOKEN}`);
    expect(seen).not.toContain("ghs_canary");
  });
});

describe("fileVariables", () => {
  it("names spelled in the files that are set, sorted; unreadable files are skipped", async () => {
    const { dir } = await project("exit 0");
    await writeFile(join(dir, "compose.yaml"), "services:\n  a:\n    image: x:${TAG:-1}\n    build: .\n");
    const names = await fileVariables(["docker-bake.hcl", "compose.yaml", "missing.hcl"], dir, {
      NPM_TOKEN: "x",
      TAG: "2",
      GITHUB_TOKEN: "y",
      target: "z",
    });
    expect(names).toEqual(["NPM_TOKEN", "TAG", "target"]);
  });
});
