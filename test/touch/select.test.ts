import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chooseTouchTargets, InvalidTouchPathError, NoTouchTargetError } from "../../src/touch/index.js";
import { df, makeDir } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function context(files: Record<string, string>): Promise<string> {
  const dir = await makeDir(files);
  dirs.push(dir);
  return dir;
}

const PY_APP = {
  "requirements.txt": "flask\n",
  "app.py": "print('hi')\n",
  "pkg/util.py": "X = 1\n",
  "README.md": "# app\n",
};

describe("chooseTouchTargets (default choice)", () => {
  it.each<{ name: string; files: Record<string, string>; path: string; line: number; reason: RegExp }>([
    {
      name: "bad order: COPY . . then pip install → app code, not requirements.txt",
      files: {
        ...PY_APP,
        Dockerfile: df(
          "FROM python:3.12-slim",
          "WORKDIR /app",
          "COPY . .",
          "RUN pip install -r requirements.txt",
        ),
      },
      path: "app.py",
      line: 3,
      reason:
        /COPY \. \. \(Dockerfile line 3\) in the only stage; a change to it reruns 2 build steps, the most of any source file/,
    },
    {
      name: "good order: requirements first, COPY . . last → app code",
      files: {
        ...PY_APP,
        Dockerfile: df(
          "FROM python:3.12-slim",
          "COPY requirements.txt .",
          "RUN pip install -r requirements.txt",
          "COPY . .",
        ),
      },
      path: "app.py",
      line: 4,
      reason: /line 4/,
    },
    {
      name: "an empty __init__.py ranks first by name, but a non-empty module is the touch",
      files: {
        "app/__init__.py": "",
        "app/main.py": "print('hi')\n",
        Dockerfile: df("FROM python:3.12-slim", "COPY app/ app/"),
      },
      path: "app/main.py",
      line: 2,
      reason: /COPY app\/ app\//,
    },
    {
      name: ".dockerignore hides some files → a file that reaches the build",
      files: {
        ...PY_APP,
        ".dockerignore": "app.py\n*.md\n",
        Dockerfile: df(
          "FROM python:3.12-slim",
          "COPY requirements.txt .",
          "RUN pip install -r requirements.txt",
          "COPY . .",
        ),
      },
      path: "pkg/util.py",
      line: 4,
      reason: /COPY \. \./,
    },
    {
      name: "<Dockerfile>.dockerignore wins over .dockerignore",
      files: {
        ...PY_APP,
        ".dockerignore": "pkg\n",
        "Dockerfile.dockerignore": "app.py\n",
        Dockerfile: df("FROM python:3.12-slim", "COPY . ."),
      },
      path: "pkg/util.py",
      line: 2,
      reason: /COPY/,
    },
    {
      name: "multi-stage: final stage copies only from the builder → the builder's context copy",
      files: {
        "go.mod": "module x\n",
        "go.sum": "",
        "main.go": "package main\n",
        "docs/index.md": "",
        Dockerfile: df(
          "FROM golang:1.22 AS Build",
          "WORKDIR /src",
          "COPY go.mod go.sum ./",
          "RUN go mod download",
          "COPY . .",
          "RUN go build -o /app .",
          "FROM scratch AS docs",
          "COPY docs/ /docs/",
          "FROM gcr.io/distroless/static",
          "COPY --from=build /app /app",
        ),
      },
      path: "main.go",
      line: 5,
      reason: /in stage 'build'/,
    },
    {
      name: "COPY of a subdirectory: walk it, skip ignored, prefer source over other files",
      files: {
        "src/app/a.txt": "",
        "src/app/z.py": "",
        "src/app/cache/b.py": "",
        "other.py": "",
        ".dockerignore": "**/cache\n",
        Dockerfile: df("FROM python", "COPY src/app /app"),
      },
      path: "src/app/z.py",
      line: 2,
      reason: /COPY src\/app \/app/,
    },
    {
      name: "glob source",
      files: { "a.py": "", "b.js": "", "c.txt": "", Dockerfile: df("FROM node", "COPY *.js *.txt /app/") },
      path: "b.js",
      line: 2,
      reason: /COPY \*\.js \*\.txt/,
    },
    {
      name: "a file copied earlier reaches more steps than one copied later",
      files: {
        "package.json": "{}",
        "server.js": "1",
        "lib/x.js": "1",
        Dockerfile: df(
          "FROM node",
          "COPY lib/ /app/lib/",
          "COPY server.js /app/",
          "COPY package.json server.js /srv/",
        ),
      },
      path: "lib/x.js",
      line: 2,
      reason: /line 2\) in the only stage; a change to it reruns 3 build steps/,
    },
    {
      name: "issue 9: code copied before the install, .env copied last → the code, not .env",
      files: {
        "app/main.py": "print('hi')\n",
        "requirements.txt": "flask\n",
        ".env": "DEBUG=1\n",
        Dockerfile: df(
          "FROM python:3.12-slim",
          "WORKDIR /app",
          "COPY app/ ./app/",
          "COPY requirements.txt .",
          "RUN pip install -r requirements.txt",
          "COPY .env .",
        ),
      },
      path: "app/main.py",
      line: 3,
      reason: /reruns 4 build steps/,
    },
    {
      name: "source code wins over a config file that reaches more steps",
      files: {
        "config.yaml": "a: 1\n",
        "app.py": "print(1)\n",
        Dockerfile: df("FROM python", "COPY config.yaml .", "RUN python -c 1", "COPY app.py ."),
      },
      path: "app.py",
      line: 4,
      reason: /reruns 1 build step, the most of any source file/,
    },
    {
      name: "multi-stage: builder code reaches the final stage's COPY --from too",
      files: {
        "src/main.go": "package main\n",
        "web/app.js": "x()\n",
        Dockerfile: df(
          "FROM golang AS build",
          "COPY src/ /src/",
          "RUN go build -o /out/app /src",
          "FROM alpine",
          "COPY web/ /web/",
          "COPY --from=build /out/app /app",
        ),
      },
      path: "src/main.go",
      line: 2,
      reason: /in stage 'build'; a change to it reruns 3 build steps/,
    },
    {
      name: "a test copied before the install reaches more steps, but a test edit is not a code edit → app code",
      files: {
        "requirements.txt": "flask\n",
        "tests/test_app.py": "def test(): pass\n",
        "app.py": "print(1)\n",
        Dockerfile: df("FROM python", "COPY tests/ tests/", "RUN pip install -r /dev/null", "COPY app.py ."),
      },
      path: "app.py",
      line: 4,
      reason: /reruns 1 build step, the most of any source file the build copies$/,
    },
    {
      name: "rails-bundler: config/application.rb is shallower, but configuration → the controller",
      files: {
        Gemfile: "gem 'rails'\n",
        "config/application.rb": "module App; end\n",
        "db/schema.rb": "ActiveRecord::Schema.define {}\n",
        "app/controllers/dashboards_controller.rb": "class D; end\n",
        Dockerfile: df("FROM ruby", "COPY Gemfile .", "RUN bundle install", "COPY . /app"),
      },
      path: "app/controllers/dashboards_controller.rb",
      line: 4,
      reason: /the most of any source file the build copies$/,
    },
    {
      name: "an __init__.py with code ranks first by name and depth, but the module beside it is the edit",
      files: {
        "app/__init__.py": "from .main import app\n",
        "app/main.py": "app = 1\n",
        Dockerfile: df("FROM python", "COPY ./app ./app"),
      },
      path: "app/main.py",
      line: 2,
      reason: /COPY \.\/app \.\/app/,
    },
    {
      name: "gradle-kotlin: a Python helper at a shallow path in a Gradle project → the Kotlin code",
      files: {
        "build.gradle": "plugins {}\n",
        "carguemasivo/cargue.py": "print(1)\n",
        "src/main/kotlin/com/x/App.kt": "fun main() {}\n",
        Dockerfile: df("FROM gradle", "COPY . /src", "RUN gradle build"),
      },
      path: "src/main/kotlin/com/x/App.kt",
      line: 2,
      reason: /the most of any source file the build copies$/,
    },
    {
      name: "dotnet-census: a stray .cs at the root is in no project, so not compiled → a project's file",
      files: {
        "Api/Api.csproj": "<Project/>\n",
        "Api/Program.cs": "class P {}\n",
        "Error.cs": "class E {}\n",
        Dockerfile: df("FROM dotnet", "COPY . .", "RUN dotnet restore"),
      },
      path: "Api/Program.cs",
      line: 2,
      reason: /reruns 2 build steps/,
    },
    {
      name: "only tests reach the build → a test, and the reason says so",
      files: {
        "package.json": "{}",
        "tests/a.test.js": "x\n",
        Dockerfile: df("FROM node", "COPY package.json .", "COPY tests/ tests/"),
      },
      path: "tests/a.test.js",
      line: 3,
      reason:
        /the most of any source file the build copies \(only tests, configuration or package markers reach the build\)$/,
    },
    {
      name: "only a script in another language reaches the build → it, and the reason says so",
      files: {
        "go.mod": "module x\n",
        "gen.py": "print(1)\n",
        Dockerfile: df("FROM golang", "COPY go.mod gen.py ./"),
      },
      path: "gen.py",
      line: 2,
      reason: /\(no source file of a project the copied dependency manifests declare reaches the build\)$/,
    },
    {
      name: "only manifests reach the build → the last manifest copy, said plainly",
      files: {
        "package.json": "{}",
        "package-lock.json": "{}",
        Dockerfile: df("FROM node", "COPY package*.json ./", "RUN npm ci"),
      },
      path: "package-lock.json",
      line: 2,
      reason: /also re-runs what depends on them/,
    },
  ])("$name", async ({ files, path, line, reason }) => {
    const contextDir = await context(files);
    const plans = await chooseTouchTargets({ contextDir, dockerfilePath: join(contextDir, "Dockerfile") });
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ path, line, warning: null });
    expect(plans[0]?.reason).toMatch(reason);
  });

  it("uses --target and build args to find the stages", async () => {
    const contextDir = await context({
      "api/main.py": "",
      "web/index.ts": "",
      Dockerfile: df(
        "ARG APP=api",
        "FROM python AS api",
        "COPY api/ /api/",
        "FROM node AS web",
        "ARG APP",
        "COPY ${APP}/ /web/",
      ),
    });
    const dockerfilePath = join(contextDir, "Dockerfile");
    expect((await chooseTouchTargets({ contextDir, dockerfilePath, target: "api" }))[0]?.path).toBe(
      "api/main.py",
    );
    expect(
      (await chooseTouchTargets({ contextDir, dockerfilePath, buildArgs: { APP: "web" } }))[0]?.path,
    ).toBe("web/index.ts");
  });

  it("skips symlinks and .git", async () => {
    const contextDir = await context({
      "real/app.py": "",
      ".git/hooks/pre-commit.py": "",
      Dockerfile: df("FROM python", "COPY . ."),
    });
    await mkdir(join(contextDir, "linked"));
    await symlink(join(contextDir, "real", "app.py"), join(contextDir, "linked", "a.py"));
    const plans = await chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile" });
    expect(plans[0]?.path).toBe("real/app.py");
  });

  it.each<{ name: string; files: Record<string, string>; message: RegExp }>([
    {
      name: "everything ignored",
      files: {
        "app.py": "",
        ".dockerignore": "*\n!Dockerfile\n",
        Dockerfile: df("FROM python", "COPY app.py /app/"),
      },
      message:
        /searched .* COPY app\.py \/app\/ \(line 2, the only stage\).*after applying .*\.dockerignore.*--touch PATH/,
    },
    {
      name: "no context copy at all",
      files: {
        Dockerfile: df(
          "FROM alpine AS a",
          "RUN echo",
          "FROM alpine",
          "COPY --from=a / /",
          "ADD https://x.y/z /z",
        ),
      },
      message: /no COPY or ADD in the stages that build the target reads the build context.*--touch PATH/,
    },
  ])("throws NoTouchTargetError: $name", async ({ files, message }) => {
    const contextDir = await context(files);
    const run = chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile" });
    await expect(run).rejects.toThrow(NoTouchTargetError);
    await expect(chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile" })).rejects.toThrow(message);
  });
});

describe("the Dockerfile and symlinks are never the touch", () => {
  it("when the only other file is a symlink: a clear error naming it, and the Dockerfile is not picked", async () => {
    const outside = await context({ "real.py": "print('x')\n" });
    const contextDir = await context({ Dockerfile: df("FROM python", "COPY . /app/") });
    await symlink(join(outside, "real.py"), join(contextDir, "app.py"));
    const error = await chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NoTouchTargetError);
    expect((error as Error).message).toMatch(
      /found no regular file that reaches the build \(the Dockerfile and ignore file do not count\)\. app\.py is a symbolic link: the build copies the link itself/,
    );
    expect((error as Error).message).not.toMatch(/manifest/);
  });

  it("a symlink next to a real file: the real file", async () => {
    const contextDir = await context({ Dockerfile: df("FROM python", "COPY . /app/"), "real.py": "x = 1\n" });
    await symlink(join(contextDir, "real.py"), join(contextDir, "alias.py"));
    const [plan] = await chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile" });
    expect(plan?.path).toBe("real.py");
  });

  it("a context with only manifests besides the Dockerfile: a manifest, not the Dockerfile", async () => {
    const contextDir = await context({ Dockerfile: df("FROM node", "COPY . ."), "package.json": "{}" });
    const [plan] = await chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile" });
    expect(plan?.path).toBe("package.json");
  });
});

describe("chooseTouchTargets (explicit --touch)", () => {
  const files = {
    "app.py": "",
    "notes.txt": "",
    "secret.env": "",
    ".dockerignore": "secret.env\n",
    Dockerfile: df("FROM python", "COPY app.py secret.env /app/"),
  };

  it.each([
    {
      name: "copied file",
      path: "app.py",
      line: 2,
      warning: null,
      reason: /chosen with --touch; copied by COPY app\.py/,
    },
    {
      name: "ignored file",
      path: "secret.env",
      line: 2,
      warning: /excluded by .*\.dockerignore/,
      reason: /excluded/,
    },
    {
      name: "file no COPY reads",
      path: "notes.txt",
      line: null,
      warning: /no COPY or ADD/,
      reason: /no COPY or ADD/,
    },
    { name: "./-prefixed path", path: "./app.py", line: 2, warning: null, reason: /copied by/ },
  ])("accepts $name", async ({ path, line, warning, reason }) => {
    const contextDir = await context(files);
    const [plan] = await chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile", explicit: [path] });
    expect(plan?.path).toBe(path.replace(/^\.\//, ""));
    expect(plan?.line).toBe(line);
    if (warning === null) expect(plan?.warning).toBeNull();
    else expect(plan?.warning).toMatch(warning);
    expect(plan?.reason).toMatch(reason);
  });

  it.each([
    { name: "missing file", path: "nope.py", message: /no such file/ },
    { name: "directory", path: "sub", message: /not a regular file/ },
    { name: "outside the context", path: "../outside.py", message: /outside the build context/ },
    { name: "symlink", path: "link.py", message: /symbolic link/ },
  ])("rejects $name", async ({ path, message }) => {
    const contextDir = await context({ ...files, "sub/x": "" });
    await writeFile(join(contextDir, "..", "outside.py"), "");
    dirs.push(join(contextDir, "..", "outside.py"));
    await symlink(join(contextDir, "app.py"), join(contextDir, "link.py"));
    const run = chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile", explicit: [path] });
    await expect(run).rejects.toThrow(InvalidTouchPathError);
    await expect(
      chooseTouchTargets({ contextDir, dockerfilePath: "Dockerfile", explicit: [path] }),
    ).rejects.toThrow(message);
  });
});
