// Fixes that are right for *this* project (issue 9): each case is a realistic Dockerfile with
// the context it is built from, walked as a benchmark walks it, and the fix a user can apply as
// it is. Each was wrong before: it copied a file the .dockerignore excludes, ran an install
// before the step that installs its tool, or moved a step above the file it reads.
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import type { Finding } from "../../../src/report/schema.js";
import { listContext } from "./project.js";
import { scenario, type Scenario } from "./scenario.js";

/** A realistic project: its Dockerfile, the files of its context, what the touch changed and rebuilt. */
interface Project extends Scenario {
  project: Record<string, string>;
}

/** The one finding of `rule` for the project, as a benchmark of it would report it. */
async function finding(p: Project, rule: string): Promise<Finding> {
  const { project, ...rest } = p;
  const found = diagnose(scenario({ ...rest, files: await listContext(project) })).filter(
    (f) => f.rule === rule,
  );
  expect(found.map((f) => f.rule)).toEqual([rule]);
  return found[0] as Finding;
}

const ORDER = "dependency-install-after-context-copy";

describe("dependency-install-after-context-copy: the fix copies what the context sends", () => {
  it.each<Project & { name: string; fix: string[] }>([
    {
      name: "pnpm workspace: every package's package.json, and no pnpm-lock.yaml the .dockerignore excludes",
      dockerfile: `
FROM node:20-slim
RUN corepack enable
WORKDIR /app
COPY . .
RUN pnpm i -r
RUN pnpm -r build
CMD ["node", "packages/api/dist/index.js"]
`,
      project: {
        ".dockerignore": "node_modules\n**/dist\npnpm-lock.yaml\n",
        "package.json": '{"private": true}',
        "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
        "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
        ".npmrc": "auto-install-peers=true\n",
        "packages/api/package.json": '{"name": "api"}',
        "packages/api/src/index.ts": "export {};\n",
        "packages/web/package.json": '{"name": "web"}',
        "packages/web/src/main.tsx": "export {};\n",
        "node_modules/.modules.yaml": "",
      },
      touched: ["packages/api/src/index.ts"],
      rebuilt: { 4: 0.3, 5: 24, 6: 9 },
      fix: [
        "# pnpm-lock.yaml is not copied: the .dockerignore excludes it, so the build never had it",
        "COPY package.json pnpm-workspace.yaml .npmrc ./",
        "COPY packages/api/package.json ./packages/api/",
        "COPY packages/web/package.json ./packages/web/",
        "RUN pnpm i -r",
        "COPY . .",
      ],
    },
    {
      name: "the manifests come from where the COPY took them, and the install's WORKDIR comes along",
      dockerfile: `
FROM node:22-slim
WORKDIR /app
COPY . .
WORKDIR /app/web
RUN npm ci
RUN npm run build
`,
      project: {
        "web/package.json": "{}",
        "web/package-lock.json": "{}",
        "web/src/main.js": "",
        "api/main.go": "package main\n",
      },
      touched: ["web/src/main.js"],
      rebuilt: { 3: 0.2, 5: 20, 6: 5 },
      fix: [
        "WORKDIR /app/web",
        "COPY web/package.json web/package-lock.json ./",
        "RUN npm ci",
        "WORKDIR /app",
        "COPY . .",
      ],
    },
    {
      name: "composer installed by a script from the context: the installer and its script move up first",
      dockerfile: `
FROM php:8.3-cli
WORKDIR /app
COPY . .
RUN sh docker/install-composer.sh
RUN composer install --no-dev --prefer-dist
CMD ["php", "bin/console", "app:serve"]
`,
      project: {
        "composer.json": "{}",
        "composer.lock": "{}",
        "docker/install-composer.sh": "#!/bin/sh\n",
        "bin/console": "<?php\n",
        "src/Kernel.php": "<?php\n",
      },
      touched: ["src/Kernel.php"],
      rebuilt: { 3: 0.2, 4: 3, 5: 21 },
      fix: [
        "# line 4 moves up with it: it provides composer",
        "COPY docker/install-composer.sh ./docker/",
        "RUN sh docker/install-composer.sh",
        "COPY composer.json composer.lock ./",
        "RUN composer install --no-scripts --no-autoloader --no-dev --prefer-dist",
        "COPY . .",
        "# then, with the code in place, the class map and the scripts skipped above:",
        "RUN composer dump-autoload --optimize",
      ],
    },
    {
      name: "a lock file the project does not have is not copied (go.sum of a module without dependencies)",
      dockerfile: "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\n",
      project: { "go.mod": "module example.com/app\n", "main.go": "package main\n" },
      touched: ["main.go"],
      rebuilt: { 3: 0.2, 4: 2, 5: 9 },
      fix: ["COPY go.mod ./", "RUN go mod download", "COPY . ."],
    },
    {
      // test/corpus/go-cmd-server on the engine: the fix copied cmd/server, a path of the build,
      // before `go mod download`, so the download rebuilt with every change to the code.
      name: "an implicit fetch: the paths the build names are code, only the explicit step's are copied",
      dockerfile: "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/server ./cmd/server\n",
      project: {
        "go.mod": "module example.com/app\n",
        "go.sum": "",
        "cmd/server/main.go": "package main\n",
      },
      touched: ["cmd/server/main.go"],
      rebuilt: { 3: 0.2, 4: 20 },
      fix: ["COPY go.mod go.sum ./", "RUN go mod download", "COPY . ."],
    },
    {
      name: "an implicit fetch of a project the build names: the explicit step copies it",
      dockerfile:
        "FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish src/Api/Api.csproj -c Release -o /out\n",
      project: { "src/Api/Api.csproj": "<Project />\n", "src/Api/Program.cs": "" },
      touched: ["src/Api/Program.cs"],
      rebuilt: { 3: 0.2, 4: 20 },
      fix: ["COPY src/Api/Api.csproj ./src/Api/", "RUN dotnet restore src/Api/Api.csproj", "COPY . ."],
    },
    {
      // islamic-network/alquran.cloud (test/corpus/composer-alquran): the fix copied the
      // manifests to / while composer ran in /var/www, so it could not build.
      name: "an install that cds into the copy's directory: the manifests go there, and so does the step after it",
      dockerfile: `
FROM php:8.3-cli
COPY . /var/www/
RUN export COMPOSER_ALLOW_SUPERUSER=1 && cd /var/www && composer install --no-dev
`,
      project: { "composer.json": "{}", "composer.lock": "{}", "src/App.php": "<?php\n" },
      touched: ["src/App.php"],
      rebuilt: { 2: 0.2, 3: 12 },
      fix: [
        "COPY composer.json composer.lock ./var/www/",
        "RUN export COMPOSER_ALLOW_SUPERUSER=1 && cd /var/www && composer install --no-scripts --no-autoloader --no-dev",
        "COPY . /var/www/",
        "# then, with the code in place, the class map and the scripts skipped above:",
        "RUN cd /var/www && composer dump-autoload --optimize",
      ],
    },
  ])("$name", async ({ name: _name, fix, ...project }) => {
    expect((await finding(project, ORDER)).fix).toBe(fix.join("\n"));
  });

  it("a manifest the .dockerignore excludes that the install needs: no reorder is offered", async () => {
    const f = await finding(
      {
        dockerfile:
          "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm install --package-lock-only && npm ci\n",
        project: {
          ".dockerignore": "package-lock.json\n",
          "package.json": "{}",
          "package-lock.json": "{}",
          "index.js": "",
        },
        touched: ["index.js"],
        rebuilt: { 3: 0.2, 4: 15 },
      },
      ORDER,
    );
    expect(f.fix).toMatch(
      /^# package-lock\.json is not in what the build context sends \(the \.dockerignore excludes it\)/,
    );
    expect(f.fix).not.toMatch(/^COPY /m);
  });
});

describe("touch-invalidated: a step is never moved above the file it reads", () => {
  const dockerfile = `
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN xargs -a requirements.txt -n 1 pip download --dest /wheels
RUN tar -czf /srv/static.tgz static
CMD ["python", "-m", "app"]
`;
  const project = {
    "requirements.txt": "flask==3.0.3\n",
    "app/__main__.py": "print('hi')\n",
    "static/site.css": "body{}\n",
  };

  it("a step that reads requirements.txt moves only with a COPY of it; one that reads static/ reads the code", async () => {
    const f = await finding(
      { dockerfile, project, touched: ["app/__main__.py"], rebuilt: { 3: 0.2, 4: 6, 5: 2 } },
      "touch-invalidated",
    );
    expect(f.message).toContain(
      "`RUN xargs -a requirements.txt -n 1 pip download --dest /wheels` (line 4, 6.0s)",
    );
    expect(f.message).not.toContain("tar -czf");
    expect(f.fix).toBe(
      [
        "# if they do not read the code, run them before line 3:",
        "COPY requirements.txt ./",
        "RUN xargs -a requirements.txt -n 1 pip download --dest /wheels",
        "COPY . .",
      ].join("\n"),
    );
  });
});

describe("touch-invalidated: a step that removes, changes or lists what the copy wrote acts on the code", () => {
  it("rm -rf of the copied .git, chmod of a copied script and ls of the copy are not moved above it", async () => {
    const f = await finding(
      {
        dockerfile: `
FROM php:8.3-cli
COPY . /var/www/
RUN rm -rf /var/www/.git
RUN chmod +x /var/www/bin/run.sh
RUN ls /var/www
RUN sleep 2
`,
        project: { "index.php": "<?php\n", "bin/run.sh": "#!/bin/sh\n" },
        touched: ["index.php"],
        rebuilt: { 2: 0.2, 3: 1, 4: 1, 5: 1, 6: 2 },
      },
      "touch-invalidated",
    );
    expect(f.message).toMatch(/after it `RUN sleep 2` \(line 6, 2\.0s\) rebuilt \(2\.0s in all\)/);
  });
});

describe("no ecosystem advice for an ecosystem the project does not use", () => {
  it("a Go project without .dockerignore: the suggestion names what this context sends, nothing of npm", () => {
    const f = diagnose(
      scenario({
        dockerfile:
          "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/api /api\n",
        touched: ["cmd/api/main.go"],
        rebuilt: { 3: 0.4, 4: 20, 6: 0.1 },
        context: {
          transferBytes: 14_000_000,
          dockerignore: false,
          gitSent: true,
          files: 2_400,
          bytes: 14_000_000,
          topDirs: [
            { path: ".git", files: 2_100, bytes: 12_000_000 },
            { path: "cmd", files: 40, bytes: 300_000 },
          ],
          disposable: [{ path: ".git", files: 2_100, bytes: 12_000_000, kind: "vcs" }],
        },
      }),
    ).find((x) => x.rule === "no-dockerignore");
    expect(f?.fix).toBe("# .dockerignore\n.git");
    expect(`${f?.message}\n${f?.fix}`).not.toMatch(/node_modules|npm/);
  });
});

describe("touch-invalidated keeps what the moved steps need", () => {
  it("a step after an install it may use: the install moves too, with its manifest, and stays before it", async () => {
    const f = await finding(
      {
        dockerfile: `
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
RUN python -c "import nltk; nltk.download('punkt', download_dir='/usr/share/nltk_data')"
CMD ["python", "-m", "app"]
`,
        project: { "requirements.txt": "nltk==3.8.1\n", "app/__main__.py": "" },
        touched: ["app/__main__.py"],
        rebuilt: { 3: 0.2, 4: 30, 5: 8 },
      },
      "touch-invalidated",
    );
    expect(f.fix).toBe(
      [
        "# if they do not read the code, run them before line 3:",
        "# line 4 moves too: they may need what it installs",
        "COPY requirements.txt ./",
        "RUN pip install --no-cache-dir -r requirements.txt",
        `RUN python -c "import nltk; nltk.download('punkt', download_dir='/usr/share/nltk_data')"`,
        "COPY . .",
      ].join("\n"),
    );
    // The machine-applicable edit (--verify-fixes) moves both lines, as the text does.
    expect(f.edit?.remove.map((r) => r.line)).toEqual([4, 5]);
  });
});
