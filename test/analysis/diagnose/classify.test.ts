import { describe, expect, it } from "vitest";
import { classifyRun } from "../../../src/analysis/diagnose/ecosystems.js";
import { splitCommands } from "../../../src/analysis/diagnose/shell.js";
import { isToolchainPackage, systemInstalls } from "../../../src/analysis/diagnose/packages.js";
import { parseDockerfile, type Instruction } from "../../../src/dockerfile/index.js";

function run(text: string): Instruction {
  return parseDockerfile(`FROM scratch\nRUN ${text}\n`).stages[0]?.instructions[0] as Instruction;
}

describe("classifyRun", () => {
  it.each([
    { run: "pip install -r requirements.txt", kind: "install", manifests: ["requirements.txt"] },
    {
      run: "pip install -r req/base.txt -c constraints.txt",
      kind: "install",
      manifests: ["req/base.txt", "constraints.txt"],
    },
    {
      run: "python3 -m pip install --requirement=requirements.txt",
      kind: "install",
      manifests: ["requirements.txt"],
    },
    { run: "pip install --no-cache-dir flask gunicorn", kind: "install", manifests: [] },
    { run: "pip install git+https://github.com/acme/lib.git", kind: "install", manifests: [] },
    { run: "pip install .", kind: "code" },
    { run: "pip install -e .[dev]", kind: "code" },
    { run: "pip install -r requirements.txt .", kind: "code" },
    { run: "npm ci --omit=dev", kind: "install", manifests: ["package.json", "package-lock.json"] },
    { run: "npm install", kind: "install", manifests: ["package*.json"] },
    { run: "npm install -g pnpm", kind: "install", manifests: [] },
    { run: "npm ci && npm run build", kind: "code" },
    { run: "yarn install --frozen-lockfile", kind: "install", manifests: ["package.json", "yarn.lock"] },
    { run: "yarn", kind: "install", manifests: ["package.json", "yarn.lock"] },
    { run: "pnpm install --frozen-lockfile", kind: "install", manifests: ["package.json", "pnpm-lock.yaml"] },
    { run: "bundle install --jobs 4", kind: "install", manifests: ["Gemfile", "Gemfile.lock"] },
    { run: "go mod download", kind: "install", manifests: ["go.mod", "go.sum"] },
    { run: "CGO_ENABLED=0 go build -o /app ./cmd/app", kind: "code" },
    { run: "go install github.com/air-verse/air@latest", kind: "install", manifests: [] },
    { run: "composer install --no-dev", kind: "install", manifests: ["composer.json", "composer.lock"] },
    { run: "cargo fetch", kind: "install", manifests: ["Cargo.toml", "Cargo.lock"] },
    { run: "cargo build --release", kind: "code" },
    { run: "poetry install --no-root", kind: "install", manifests: ["pyproject.toml", "poetry.lock"] },
    { run: "uv sync --frozen", kind: "install", manifests: ["pyproject.toml", "uv.lock"] },
    {
      run: "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y curl",
      kind: "install",
      manifests: [],
    },
    { run: "apk add --no-cache curl", kind: "install", manifests: [] },
    { run: "python manage.py collectstatic --noinput", kind: "code" },
    { run: "./scripts/build.sh", kind: "code" },
    { run: "make -j4", kind: "code" },
    { run: "constructor --help", kind: "other" },
    { run: "set -eux; useradd -m app; mkdir -p /data && chown app /data", kind: "other" },
    { run: '["pip", "install", "-r", "requirements.txt"]', kind: "install", manifests: ["requirements.txt"] },
    {
      run: "--mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt",
      kind: "install",
      manifests: ["requirements.txt"],
    },
  ])("$run", (c) => {
    const kind = classifyRun(run(c.run));
    expect(kind.kind).toBe(c.kind);
    if (kind.kind === "install") expect(kind.manifests).toEqual(c.manifests);
  });
});

describe("splitCommands", () => {
  it("splits on operators and newlines, drops quotes, comments and env prefixes", () => {
    expect(
      splitCommands(
        `set -e; FOO=1 sudo apt-get install -y "curl" && echo 'a b' # note\n(cd x || exit 1) | tee log`,
      ),
    ).toEqual([
      ["set", "-e"],
      ["apt-get", "install", "-y", "curl"],
      ["echo", "a b"],
      ["cd", "x"],
      ["exit", "1"],
      ["tee", "log"],
    ]);
  });
});

describe("system packages", () => {
  it("reads apt, apk and yum installs with their option values skipped", () => {
    const ins = run(
      "apt-get -o Dpkg::Options::=--force-confnew install -y -t bookworm-backports gcc libssl-dev && apk add --virtual .deps musl-dev && dnf install -y make",
    );
    expect(systemInstalls(ins)).toEqual([
      { manager: "apt-get", packages: ["gcc", "libssl-dev"] },
      { manager: "apk", packages: ["musl-dev"] },
      { manager: "yum", packages: ["make"] },
    ]);
  });

  it.each([
    ["build-essential", true],
    ["gcc-12", true],
    ["libpq-dev", true],
    ["openssl-devel", true],
    ["g++=4:12.2.0-3", true],
    ["libpq5", false],
    ["curl", false],
    ["python3", false],
  ] as const)("%s is toolchain: %s", (pkg, want) => {
    expect(isToolchainPackage(pkg)).toBe(want);
  });
});
