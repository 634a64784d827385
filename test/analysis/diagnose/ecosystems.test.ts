// Every ecosystem's install after `COPY . .` (issue 9): either dependency-install-after-context-copy
// moves it above the copy *with* its manifests, or it builds the code and rebuilding is expected.
// Never a touch-invalidated notice that moves it above the copy without what it reads.
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import { scenario } from "./scenario.js";

interface Case {
  name: string;
  base: string;
  run: string;
  touched: string;
  /** The fix, or null when the step builds the code (no finding at all). */
  fix: string | null;
}

const CASES: Case[] = [
  {
    name: "composer install",
    base: "php:8.3-cli",
    run: "composer install --no-dev --prefer-dist",
    touched: "src/Kernel.php",
    fix: "COPY composer.json composer.lock ./\nRUN composer install --no-scripts --no-autoloader --no-dev --prefer-dist\nCOPY . .\n# then, with the code in place, the class map and the scripts skipped above:\nRUN composer dump-autoload --optimize",
  },
  {
    name: "composer update",
    base: "php:8.3-cli",
    run: "composer update --no-interaction",
    touched: "src/Kernel.php",
    fix: "COPY composer.json composer.lock ./\nRUN composer update --no-scripts --no-autoloader --no-interaction\nCOPY . .\n# then, with the code in place, the class map and the scripts skipped above:\nRUN composer dump-autoload --optimize",
  },
  {
    name: "gem install of a named gem reads no manifest",
    base: "ruby:3.3",
    run: "gem install bundler -v 2.5.6",
    touched: "app/models/user.rb",
    fix: "RUN gem install bundler -v 2.5.6\nCOPY . .",
  },
  {
    name: "gem update --system reads no manifest",
    base: "ruby:3.3",
    run: "gem update --system",
    touched: "app/models/user.rb",
    fix: "RUN gem update --system\nCOPY . .",
  },
  {
    name: "gem install -g Gemfile",
    base: "ruby:3.3",
    run: "gem install -g Gemfile",
    touched: "app/models/user.rb",
    fix: "COPY Gemfile Gemfile.lock ./\nRUN gem install -g Gemfile\nCOPY . .",
  },
  {
    name: "gem build builds the project's gem",
    base: "ruby:3.3",
    run: "gem build app.gemspec",
    touched: "lib/app.rb",
    fix: null,
  },
  {
    name: "bundle install",
    base: "ruby:3.3",
    run: "bundle install --jobs 4",
    touched: "app/models/user.rb",
    fix: "COPY Gemfile Gemfile.lock ./\nRUN bundle install --jobs 4\nCOPY . .",
  },
  {
    name: "cargo fetch",
    base: "rust:1.79",
    run: "cargo fetch",
    touched: "src/main.rs",
    fix: "# cargo reads Cargo.toml only with a target present: add a stub src/main.rs first, or use cargo-chef\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo fetch\nCOPY . .",
  },
  {
    name: "cargo build builds the code",
    base: "rust:1.79",
    run: "cargo build --release",
    touched: "src/main.rs",
    fix: null,
  },
  {
    name: "go mod download",
    base: "golang:1.22",
    run: "go mod download",
    touched: "cmd/api/main.go",
    fix: "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .",
  },
  {
    name: "go mod tidy reads the imports",
    base: "golang:1.22",
    run: "go mod tidy",
    touched: "cmd/api/main.go",
    fix: null,
  },
  {
    name: "dotnet restore",
    base: "mcr.microsoft.com/dotnet/sdk:8.0",
    run: "dotnet restore",
    touched: "Api/Program.cs",
    fix: "# a glob COPY flattens directories: copy each project's .csproj to its own directory\nCOPY *.csproj ./\nRUN dotnet restore\nCOPY . .",
  },
  {
    name: "mvn dependency:go-offline",
    base: "maven:3.9-eclipse-temurin-21",
    run: "mvn -B dependency:go-offline",
    touched: "src/main/java/App.java",
    fix: "COPY pom.xml ./\nRUN mvn -B dependency:go-offline\nCOPY . .",
  },
  {
    name: "the maven wrapper needs itself and .mvn/",
    base: "eclipse-temurin:21-jdk",
    run: "./mvnw -B dependency:go-offline",
    touched: "src/main/java/App.java",
    fix: "COPY pom.xml mvnw ./\nCOPY .mvn/ ./.mvn/\nRUN ./mvnw -B dependency:go-offline\nCOPY . .",
  },
  {
    name: "gradle dependencies",
    base: "gradle:8.8-jdk21",
    run: "gradle dependencies --no-daemon",
    touched: "src/main/java/App.java",
    fix: "COPY build.gradle* settings.gradle* ./\nRUN gradle dependencies --no-daemon\nCOPY . .",
  },
  {
    name: "the gradle wrapper needs itself and gradle/",
    base: "eclipse-temurin:21-jdk",
    run: "./gradlew --no-daemon dependencies",
    touched: "src/main/java/App.java",
    fix: "COPY build.gradle* settings.gradle* gradlew ./\nCOPY gradle/ ./gradle/\nRUN ./gradlew --no-daemon dependencies\nCOPY . .",
  },
  {
    // The build must rerun, but the download inside it need not (issue 9: a corpus miss).
    name: "gradle build downloads the dependencies itself: gradle dependencies goes first",
    base: "gradle:8.8-jdk21",
    run: "gradle build -x test",
    touched: "src/main/java/App.java",
    fix: "COPY build.gradle* settings.gradle* ./\nRUN gradle dependencies\nCOPY . .",
  },
  {
    name: "go build downloads the modules itself: go mod download goes first",
    base: "golang:1.22",
    run: "go build -o /bin/app .",
    touched: "main.go",
    fix: "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .",
  },
  {
    name: "go build -mod=vendor downloads nothing",
    base: "golang:1.22",
    run: "go build -mod=vendor -o /bin/app .",
    touched: "main.go",
    fix: null,
  },
  {
    name: "go vet -mod vendor downloads nothing either",
    base: "golang:1.22",
    run: "go vet -mod vendor ./...",
    touched: "main.go",
    fix: null,
  },
  {
    // Readonly only forbids changing go.mod; it downloads what go.sum names (Go's mod_readonly test).
    name: "go build -mod=readonly still downloads the modules",
    base: "golang:1.22",
    run: "go build -mod=readonly -o /bin/app .",
    touched: "main.go",
    fix: "COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .",
  },
  {
    name: "mvn package downloads the dependencies itself: dependency:go-offline goes first",
    base: "maven:3.9-eclipse-temurin-21",
    run: "mvn -B clean package -DskipTests",
    touched: "src/main/java/App.java",
    fix: "COPY pom.xml ./\nRUN mvn dependency:go-offline -B\nCOPY . .",
  },
  {
    name: "mvn -o package is offline",
    base: "maven:3.9-eclipse-temurin-21",
    run: "mvn -o package",
    touched: "src/main/java/App.java",
    fix: null,
  },
  {
    name: "gradle build --offline fetches nothing",
    base: "gradle:8.8-jdk21",
    run: "gradle build --offline",
    touched: "src/main/java/App.java",
    fix: null,
  },
  {
    name: "dotnet publish restores the packages itself: dotnet restore of its project goes first",
    base: "mcr.microsoft.com/dotnet/sdk:8.0",
    run: "dotnet publish Api.csproj -c Release -o /out",
    touched: "Program.cs",
    fix: "# a glob COPY flattens directories: copy each project's .csproj to its own directory\nCOPY *.csproj ./\nRUN dotnet restore Api.csproj\nCOPY . .",
  },
  {
    name: "dotnet build --no-restore fetches nothing",
    base: "mcr.microsoft.com/dotnet/sdk:8.0",
    run: "dotnet build --no-restore -c Release",
    touched: "Program.cs",
    fix: null,
  },
  {
    name: "uv sync",
    base: "python:3.12-slim",
    run: "uv sync --frozen",
    touched: "app/main.py",
    fix: "COPY pyproject.toml uv.lock ./\nRUN uv sync --no-install-project --frozen\nCOPY . .\n# if the project itself must be installed too:\nRUN uv sync",
  },
  {
    name: "poetry install",
    base: "python:3.12-slim",
    run: "poetry install --only main",
    touched: "app/main.py",
    fix: "COPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root --only main\nCOPY . .\n# if the project itself must be installed too:\nRUN poetry install --only-root",
  },
  {
    name: "pipenv install",
    base: "python:3.12-slim",
    run: "pipenv install --system --deploy",
    touched: "app/main.py",
    fix: "COPY Pipfile Pipfile.lock ./\nRUN pipenv install --system --deploy\nCOPY . .",
  },
  {
    name: "pipenv sync",
    base: "python:3.12-slim",
    run: "pipenv sync --system",
    touched: "app/main.py",
    fix: "COPY Pipfile Pipfile.lock ./\nRUN pipenv sync --system\nCOPY . .",
  },
  {
    name: "npm ci",
    base: "node:22",
    run: "npm ci",
    touched: "src/index.js",
    fix: "COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .",
  },
  {
    name: "yarn install",
    base: "node:22",
    run: "yarn install --frozen-lockfile",
    touched: "src/index.js",
    fix: "COPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nCOPY . .",
  },
  {
    name: "pnpm install",
    base: "node:22",
    run: "pnpm install --frozen-lockfile",
    touched: "src/index.js",
    fix: "COPY package.json pnpm-lock.yaml ./\nRUN pnpm install --frozen-lockfile\nCOPY . .",
  },
  {
    name: "bun install",
    base: "oven/bun:1",
    run: "bun install --frozen-lockfile",
    touched: "src/index.ts",
    fix: "COPY package.json ./\nRUN bun install --frozen-lockfile\nCOPY . .",
  },
  {
    name: "bun run build builds the code",
    base: "oven/bun:1",
    run: "bun run build",
    touched: "src/index.ts",
    fix: null,
  },
];

describe("installs of every ecosystem after COPY . .", () => {
  it.each(CASES)("$name", (c) => {
    const findings = diagnose(
      scenario({
        dockerfile: `FROM ${c.base}\nWORKDIR /app\nCOPY . .\nRUN ${c.run}\n`,
        touched: [c.touched],
        rebuilt: { 3: 0.2, 4: 30 },
      }),
    ).filter((f) => f.rule === "dependency-install-after-context-copy" || f.rule === "touch-invalidated");
    if (c.fix === null) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings.map((f) => [f.rule, f.line, f.fix])).toEqual([
      ["dependency-install-after-context-copy", 4, c.fix],
    ]);
  });
});
