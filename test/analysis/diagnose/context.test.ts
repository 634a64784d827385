import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import type { Finding } from "../../../src/report/schema.js";
import { MB, scenario, type Scenario } from "./scenario.js";

const PYTHON =
  "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n";

interface Case extends Scenario {
  name: string;
  expected: (Omit<Partial<Finding>, "message" | "fix"> & { message: RegExp; fix: RegExp })[];
}

describe("no-dockerignore and git-in-context", () => {
  it.each<Case>([
    {
      name: "48 MB context without a .dockerignore",
      dockerfile: PYTHON,
      context: { transferBytes: 48_200_000, dockerignore: false, gitSent: false },
      contextSeconds: 1.8,
      expected: [
        {
          rule: "no-dockerignore",
          line: null,
          severity: "warning",
          seconds: 1.8,
          message:
            /^BuildKit transferred 48.2 MB of build context and there is no .dockerignore; sending it took 1.8s in the cold build\.$/,
          fix: /^# .dockerignore\n# list what the image does not need/,
        },
      ],
    },
    {
      name: ".git sent and copied by COPY . .",
      dockerfile: PYTHON,
      context: { transferBytes: 2 * MB, dockerignore: false, gitSent: true },
      expected: [
        {
          rule: "no-dockerignore",
          seconds: null,
          message:
            /\.git is sent to the daemon and `COPY \. \.` on line 3 copies it into the image, so every commit invalidates/,
          fix: /^# .dockerignore\n\.git$/,
        },
      ],
    },
    {
      name: "a .dockerignore that lets .git through",
      dockerfile: PYTHON,
      context: { transferBytes: 2 * MB, dockerignore: true, gitSent: true },
      expected: [
        {
          rule: "git-in-context",
          message: /^\.git is sent to the daemon/,
          fix: /^# add to .dockerignore:\n\.git$/,
        },
      ],
    },
    {
      name: "pip install . may take its version from git: the fix says how to exclude .git safely",
      dockerfile: "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n",
      context: { transferBytes: 48_200_000, dockerignore: false, gitSent: true },
      expected: [
        {
          rule: "no-dockerignore",
          message:
            /^BuildKit transferred 48.2 MB of build context and there is no .dockerignore; \.git is sent to the daemon and `COPY/,
          fix: /^# .dockerignore\n# if line 4 takes its version from git \(setuptools-scm, hatch-vcs\)[^]*\n\.git$/,
        },
      ],
    },
    {
      name: "the build reads git metadata: .git is not excluded blindly",
      dockerfile: "FROM python:3.12-slim\nCOPY . /src\nRUN cd /src && git describe --tags > VERSION\n",
      context: { transferBytes: 2 * MB, dockerignore: false, gitSent: true },
      expected: [
        {
          rule: "no-dockerignore",
          message:
            /the build reads git metadata \(`RUN cd \/src && git describe --tags > VERSION` on line 3\), so \.git cannot simply be excluded/,
          fix: /^# .dockerignore\n# \.git stays until[^]*RUN --mount=type=bind,source=\.git,target=\.git <the git command>\n# list what/,
        },
      ],
    },
  ])("$name", (c) => {
    const findings = diagnose(scenario(c)).filter((f) =>
      ["no-dockerignore", "git-in-context"].includes(f.rule),
    );
    expect(findings).toHaveLength(c.expected.length);
    c.expected.forEach(({ message, fix, ...rest }, i) => {
      expect(findings[i]).toMatchObject(rest);
      expect(findings[i]?.message).toMatch(message);
      expect(findings[i]?.fix).toMatch(fix);
    });
    if (c.expected[0]?.fix.source.includes("stays")) expect(findings[0]?.fix).not.toMatch(/^\.git$/m);
  });

  it.each<Scenario & { name: string }>([
    {
      name: "small context",
      dockerfile: PYTHON,
      context: { transferBytes: 3 * MB, dockerignore: false, gitSent: false },
    },
    {
      name: "large context with a .dockerignore",
      dockerfile: PYTHON,
      context: { transferBytes: 80 * MB, dockerignore: true, gitSent: false },
    },
    {
      name: "size not shown by the build",
      dockerfile: PYTHON,
      context: { transferBytes: null, dockerignore: false, gitSent: false },
    },
    { name: "no context facts in the report", dockerfile: PYTHON },
  ])("silent: $name", (c) => {
    expect(
      diagnose(scenario(c)).filter((f) => ["no-dockerignore", "git-in-context"].includes(f.rule)),
    ).toEqual([]);
  });
});
