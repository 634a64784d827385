// Step outputs and the job summary go through log.ts too: redacted, and the summary never over
// the runner's 1 MiB, cut by bytes between code points.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { configureLog, log, MAX_SUMMARY_BYTES } from "../../src/action/log.js";

const SECRET = "s3cr3t-build-arg-value";
const TOKEN = "ghs_0123456789abcdefghijklmnopqrstuvwxyz";
const saved = { output: process.env.GITHUB_OUTPUT, summary: process.env.GITHUB_STEP_SUMMARY };
let files: { output: string; summary: string };

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), "dcb-log-"));
  files = { output: join(dir, "output"), summary: join(dir, "summary") };
  await Promise.all([writeFile(files.output, ""), writeFile(files.summary, "")]);
  process.env.GITHUB_OUTPUT = files.output;
  process.env.GITHUB_STEP_SUMMARY = files.summary;
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  configureLog({ TOKEN_ARG: SECRET }, [TOKEN]);
});
afterEach(() => {
  vi.restoreAllMocks();
  configureLog({}, []);
  for (const [k, v] of [
    ["GITHUB_OUTPUT", saved.output],
    ["GITHUB_STEP_SUMMARY", saved.summary],
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

describe("log.setOutput", () => {
  it("writes the output with build-arg values and the token redacted", async () => {
    log.setOutput("failure", `build failed: RUN echo ${SECRET} with ${TOKEN}`);
    const text = await readFile(files.output, "utf8");
    expect(text).toContain("build failed: RUN echo ${TOKEN_ARG} with");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  });
});

describe("log.summary", () => {
  it("redacts, and cuts CJK text by bytes under the runner's limit without splitting a character", async () => {
    await log.summary(`value ${SECRET}\n${"界".repeat(400_000)}`);
    const bytes = await readFile(files.summary);
    expect(bytes.length).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(bytes.length).toBeGreaterThan(MAX_SUMMARY_BYTES - 4);
    const text = bytes.toString("utf8");
    expect(text).not.toContain("\ufffd");
    expect(text.startsWith("value ${TOKEN_ARG}\n")).toBe(true);
  });
});
