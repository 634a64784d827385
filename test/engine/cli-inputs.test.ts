// The CLI's input checks as users meet them: a child process, exit codes and messages. `parse`
// of garbage, empty and truncated logs; output paths checked before any build; `-f -`.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReport } from "../../src/report/schema.js";
import { spawnCli } from "./cli-run.js";
import { BASE_IMAGE, copyProject, REPO } from "./helpers.js";

const cli = (args: string[], input?: string) => spawnCli(args, { input }).done;

describe("cli parse says what it saw", () => {
  it.each([
    { name: "empty input", input: "", code: 2, says: /standard input: the log is empty/ },
    {
      name: "a password file",
      input: "root:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n",
      code: 2,
      says: /no BuildKit progress in 2 lines/,
    },
  ])("$name: exit $code", async ({ input, code, says }) => {
    const r = await cli(["parse", "-"], input);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toContain("root:");
  });

  it("a log cut mid-build: the JSON, a warning, exit 1", async () => {
    const log = await readFile(join(REPO, "test/fixtures/progress/buildx-plain-cold.log"), "utf8");
    const r = await cli(["parse", "-"], log.slice(0, log.length / 2));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).steps.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/the log stops mid-build/);
  });
});

describe("cli run checks before it builds", () => {
  it.each([
    {
      name: "--json in a missing directory",
      args: ["--json", "/nonexistent/dir/r.json"],
      says: /does not exist/,
    },
    { name: "--markdown naming a directory", args: ["--markdown", "/tmp"], says: /is a directory/ },
    {
      name: "a build arg docker reads itself",
      args: ["--build-arg", "DOCKER_HOST=tcp://x:2375"],
      says: /cannot be passed/,
    },
    { name: "repeat above the maximum", args: ["--repeat", "1000"], says: /from 1 to 20/ },
    {
      name: "a missing --baseline",
      args: ["--baseline", "/nonexistent/base.json"],
      says: /cannot read report/,
    },
    { name: "a --baseline that is no report", args: ["--baseline", "/etc/passwd"], says: /not valid JSON/ },
  ])("$name: exit 2 before the cold build", async ({ args, says }) => {
    const r = await cli(["run", "examples/python-good-order", "--build-arg", `BASE=${BASE_IMAGE}`, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(says);
    expect(r.stderr).not.toContain("cold build");
    expect(r.stderr).not.toContain("root:");
  });

  it("-f - reads the Dockerfile from stdin once, for docker and for the line numbers", async () => {
    const dir = await copyProject("examples/python-bad-order");
    const dockerfile = await readFile(join(dir, "Dockerfile"), "utf8");
    await writeFile(join(dir, "Dockerfile"), "FROM scratch\nthis file must not be used\n");
    const json = join(await mkdtemp(join(tmpdir(), "dcb-stdin-")), "r.json");
    const r = await cli(
      ["run", dir, "-f", "-", "--build-arg", `BASE=${BASE_IMAGE}`, "--json", json, "-q"],
      dockerfile,
    );
    expect(r.code, r.stderr).toBe(0);
    const report = parseReport(JSON.parse(await readFile(json, "utf8")));
    expect(report.build.dockerfile).toBe("-");
    expect(
      report.findings.some((f) => f.rule === "dependency-install-after-context-copy" && f.line === 7),
    ).toBe(true);
  });
});
