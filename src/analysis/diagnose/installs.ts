// Dependency installs by ecosystem: the command, the context files it reads (so a fix copies
// exactly those before it), and what a fix must add so that it runs without the code. One entry
// per tool, so that every ecosystem the rules know is listed in one place (docs/rules.md).
import { commandName, hasFlag, subcommand, type Command } from "./shell.js";

export interface DependencyInstall {
  kind: "install";
  /** The command as users know it, e.g. `pip install -r`, `npm ci`, `apt-get install`. */
  tool: string;
  /** Context files it reads, relative to where it runs: copy these before it. Empty when it reads none. */
  manifests: string[];
  /** Those of `manifests` it runs without (lock files): left out, not fatal, when the context lacks them. */
  mayLack?: string[];
  /** Files it reads when the project has them (`.npmrc`): copied only when the context listing shows them. */
  optional?: string[];
  /**
   * The manifest each package of a workspace has (`package.json` for `pnpm install -r`): with
   * the context listing, each one sent is copied to its own directory. `always`: whenever there
   * are several; a path: when the context sends that file (`pnpm-workspace.yaml`); `hint`: the
   * fix only names them (npm and yarn workspaces are declared inside package.json).
   */
  workspace?: { file: string; when: "always" | "hint" | string };
  /** Command names that must exist before it runs: a step that provides one moves along with it. */
  needs: string[];
  /** Flags that make it skip the project itself (`poetry install --no-root`), when it needs them. */
  depsOnlyFlag?: { after: RegExp; flags: string[] };
  /** The step that installs the project itself once the code is there, for tools that do both. */
  projectStep?: string;
  /** The comment before `projectStep` (default: it may be needed). */
  projectStepNote?: string;
  /** A caveat for the fix, as a Dockerfile comment. */
  note?: string;
}

type Matcher = (cmd: Command, name: string, sub: string | undefined) => DependencyInstall | null;

const install = (
  tool: string,
  manifests: string[],
  rest: Partial<DependencyInstall> = {},
): DependencyInstall => ({
  kind: "install",
  tool,
  manifests,
  needs: [tool.split(" ")[0] as string],
  ...rest,
});

const NODE_CONFIG = [".npmrc"];

const node: Matcher = (cmd, name, sub) => {
  if (name === "npm" && sub === "ci")
    return install("npm ci", ["package.json", "package-lock.json"], {
      optional: NODE_CONFIG,
      workspace: { file: "package.json", when: "hint" },
    });
  if (name === "npm" && (sub === "install" || sub === "i")) {
    // `npm install -g tool` reads no manifest; a plain `npm install` reads package*.json.
    if (hasFlag(cmd, "-g", "--global")) return install("npm install", []);
    return install("npm install", ["package*.json"], {
      optional: NODE_CONFIG,
      workspace: { file: "package.json", when: "hint" },
    });
  }
  // `yarn global add tool`, like `npm install -g`, reads no manifest.
  if (name === "yarn" && sub === "global" && cmd.includes("add")) return install("yarn global add", []);
  if (
    name === "yarn" &&
    (sub === undefined || sub === "install" || (sub === "workspaces" && cmd.includes("focus")))
  )
    return install("yarn install", ["package.json", "yarn.lock"], {
      mayLack: ["yarn.lock"],
      optional: [".yarnrc.yml", ".yarnrc", ".npmrc", ".yarn/releases/", ".yarn/plugins/", ".yarn/patches/"],
      workspace: { file: "package.json", when: "hint" },
    });
  if (name === "pnpm" && (sub === "install" || sub === "i"))
    return install("pnpm install", ["package.json", "pnpm-lock.yaml"], {
      mayLack: ["pnpm-lock.yaml"],
      optional: ["pnpm-workspace.yaml", ".npmrc", ".pnpmfile.cjs", "patches/"],
      workspace: {
        file: "package.json",
        when: hasFlag(cmd, "-r", "--recursive") ? "always" : "pnpm-workspace.yaml",
      },
    });
  if (name === "pnpm" && sub === "fetch")
    return install("pnpm fetch", ["pnpm-lock.yaml"], {
      optional: ["pnpm-workspace.yaml", ".npmrc", "patches/"],
    });
  if (name === "bun" && (sub === "install" || sub === "i"))
    return install("bun install", ["package.json"], {
      optional: ["bun.lockb", "bun.lock", "bunfig.toml", ".npmrc"],
      workspace: { file: "package.json", when: "hint" },
    });
  return null;
};

const ruby: Matcher = (cmd, name, sub) => {
  if (name === "bundle" && sub === "install")
    return install("bundle install", ["Gemfile", "Gemfile.lock"], {
      mayLack: ["Gemfile.lock"],
      optional: [".ruby-version", "*.gemspec"],
      needs: ["bundle", "bundler"],
    });
  if (name !== "gem" || !["install", "i", "update"].includes(sub ?? "")) return null;
  // `gem install -g Gemfile` reads the Gemfile; `gem install rails`, `gem update --system` read nothing.
  const file = cmd.findIndex((w) => w === "-g" || w === "--file");
  if (file !== -1) {
    const gemfile = cmd[file + 1] && !cmd[file + 1]?.startsWith("-") ? (cmd[file + 1] as string) : "Gemfile";
    return install("gem install", [gemfile, `${gemfile}.lock`], { mayLack: [`${gemfile}.lock`] });
  }
  return install(`gem ${sub === "update" ? "update" : "install"}`, []);
};

const php: Matcher = (_cmd, name, sub) => {
  if (name !== "composer" || !["install", "update", "require", "i", "u"].includes(sub ?? "")) return null;
  const tool = `composer ${sub === "i" ? "install" : sub === "u" ? "update" : sub}`;
  // Without the code, its scripts (artisan package:discover) and the class map have nothing to
  // read: they run once the code is there, through `composer dump-autoload`.
  return install(tool, ["composer.json", "composer.lock"], {
    mayLack: ["composer.lock"],
    depsOnlyFlag: {
      after: /composer\s+(install|update|require|i|u)\b/,
      flags: ["--no-scripts", "--no-autoloader"],
    },
    projectStep: "RUN composer dump-autoload --optimize",
    projectStepNote: "# then, with the code in place, the class map and the scripts skipped above:",
  });
};

const go: Matcher = (cmd, name) => {
  // `go install tool@version` fetches a tool and reads nothing from the context.
  if (name === "go" && cmd[1] === "install" && cmd.some((w) => w.includes("@")))
    return install("go install", []);
  if (name === "go" && cmd[1] === "mod" && cmd[2] === "download")
    return install("go mod download", ["go.mod", "go.sum"], {
      mayLack: ["go.sum"],
      optional: ["go.work", "go.work.sum"],
    });
  return null;
};

const rust: Matcher = (cmd, name, sub) => {
  if (name === "cargo" && sub === "fetch") {
    const note =
      "cargo reads Cargo.toml only with a target present: add a stub src/main.rs first, or use cargo-chef";
    return install("cargo fetch", ["Cargo.toml", "Cargo.lock"], {
      mayLack: ["Cargo.lock"],
      workspace: { file: "Cargo.toml", when: "always" },
      note,
    });
  }
  if (name === "cargo" && sub === "chef" && cmd.includes("cook"))
    return install("cargo chef cook", ["recipe.json"]);
  return null;
};

const python: Matcher = (cmd, name, sub) => {
  if (name === "poetry" && (sub === "install" || sub === "sync"))
    return install(`poetry ${sub}`, ["pyproject.toml", "poetry.lock"], {
      mayLack: ["poetry.lock"],
      optional: ["poetry.toml"],
      depsOnlyFlag: { after: /poetry\s+(install|sync)/, flags: ["--no-root"] },
      projectStep: "RUN poetry install --only-root",
    });
  if (name === "uv" && sub === "sync")
    return install("uv sync", ["pyproject.toml", "uv.lock"], {
      mayLack: ["uv.lock"],
      optional: [".python-version", "uv.toml"],
      depsOnlyFlag: { after: /uv\s+sync/, flags: ["--no-install-project"] },
      projectStep: "RUN uv sync",
    });
  if (name === "pipenv" && (sub === "install" || sub === "sync")) {
    const locked = sub === "sync" || hasFlag(cmd, "--deploy", "--ignore-pipfile");
    return install(`pipenv ${sub}`, ["Pipfile", "Pipfile.lock"], locked ? {} : { mayLack: ["Pipfile.lock"] });
  }
  if (
    /^(conda|mamba|micromamba)$/.test(name) &&
    /\benv\s+(create|update)\b|\binstall\b/.test(cmd.join(" "))
  ) {
    const f = cmd.findIndex((w) => w === "-f" || w === "--file");
    const file = f === -1 ? undefined : cmd[f + 1];
    return install(`${name} env`, file ? [file] : []);
  }
  return null;
};

const jvm: Matcher = (cmd, name) => {
  if ((name === "mvn" || name === "mvnw") && cmd.some((w) => /^dependency:(go-offline|resolve)/.test(w))) {
    const wrapper = name === "mvnw" ? ["mvnw", ".mvn/"] : [];
    return install(`${name} dependency:go-offline`, ["pom.xml", ...wrapper], {
      optional: name === "mvnw" ? [] : [".mvn/"],
      workspace: { file: "pom.xml", when: "always" },
      needs: [name],
    });
  }
  if ((name === "gradle" || name === "gradlew") && isGradleDependencies(cmd)) {
    const wrapper = name === "gradlew" ? ["gradlew", "gradle/"] : [];
    return install(`${name} dependencies`, ["build.gradle*", "settings.gradle*", ...wrapper], {
      mayLack: ["settings.gradle*"],
      optional: ["gradle.properties", "buildSrc/", ...(name === "gradle" ? ["gradle/"] : [])],
      workspace: { file: "build.gradle*", when: "always" },
      needs: [name],
    });
  }
  return null;
};

/** `gradle dependencies`, `./gradlew --no-daemon dependencies`: resolves without compiling. */
export function isGradleDependencies(cmd: Command): boolean {
  const tasks = cmd.slice(1).filter((w) => !w.startsWith("-"));
  return (
    tasks.length > 0 &&
    tasks.every((t) => /^(:?[\w-]+:)*(dependencies|resolveDependencies|downloadDependencies)$/.test(t))
  );
}

const dotnet: Matcher = (_cmd, name, sub) => {
  if (name !== "dotnet" || sub !== "restore") return null;
  const note = "a glob COPY flattens directories: copy each project's .csproj to its own directory";
  return install("dotnet restore", ["*.csproj"], {
    optional: [
      "*.sln",
      "NuGet.config",
      "nuget.config",
      "Directory.Build.props",
      "Directory.Packages.props",
      "global.json",
    ],
    workspace: { file: "*.csproj", when: "always" },
    note,
  });
};

const MATCHERS: Matcher[] = [node, ruby, php, go, rust, python, jvm, dotnet];

/** The dependency install a command runs (pip is read in ecosystems.ts), or null. */
export function manifestInstall(cmd: Command): DependencyInstall | null {
  const name = commandName(cmd);
  const sub = subcommand(cmd)?.name;
  for (const m of MATCHERS) {
    const found = m(cmd, name, sub);
    if (found) return found;
  }
  return null;
}
