// What kind of file a path names, judged by its name only: the touch prefers application code
// and avoids dependency manifests (changing them re-runs the dependency install, which is not
// the edit being benchmarked) and binaries (an appended newline may break them).

const MANIFEST =
  /^(requirements.*\.(txt|in)|constraints.*\.txt|package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|\.yarnrc(\.yml)?|pnpm-lock\.yaml|pnpm-workspace\.yaml|bun\.lockb?|go\.mod|go\.sum|go\.work(\.sum)?|gemfile.*|.*\.gemspec|poetry\.lock|pyproject\.toml|pipfile(\.lock)?|uv\.lock|setup\.py|setup\.cfg|cargo\..*|composer\.(json|lock)|pom\.xml|(build|settings)\.gradle(\.kts)?|gradle\.lockfile|.*\.csproj|packages\.config|packages\.lock\.json|directory\.packages\.props|mix\.(exs|lock)|dockerfile.*|.*\.dockerfile|(.*\.)?dockerignore)$/i;

const SOURCE = new Set(
  (
    "py pyi js mjs cjs jsx ts mts cts tsx go rb java kt kts scala groovy rs php cs fs vb c h cc cpp cxx hpp " +
    "m mm swift ex exs erl hrl clj cljs hs lua pl pm r dart elm vue svelte"
  ).split(" "),
);

const BINARY = new Set(
  (
    "png jpg jpeg gif webp ico bmp pdf zip gz tgz tar bz2 xz 7z jar war whl so dylib dll exe bin pyc class " +
    "o a woff woff2 ttf otf eot mp3 mp4 mov wav sqlite db lockb"
  ).split(" "),
);

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Lower-case extension without the dot; "" for none or a dotfile's name (`.env`). */
export function extensionOf(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export function isManifest(path: string): boolean {
  return MANIFEST.test(basename(path));
}

/**
 * Tool configuration written in a programming language (`babel.config.js`, `karma.conf.js`,
 * `.eslintrc.cjs`, `vite.config.ts`): code by extension, but editing it is not the code change
 * the touch stands for.
 */
const TOOL_CONFIG = /^\.|[.-](config|conf|rc)\.[^.]+$/i;

/** 0 source code, 1 other text (tool configuration in code included), 2 binary. */
export function fileCategory(path: string): 0 | 1 | 2 {
  const name = basename(path);
  const ext = extensionOf(name);
  if (SOURCE.has(ext)) return TOOL_CONFIG.test(name) ? 1 : 0;
  if (BINARY.has(ext)) return 2;
  return 1;
}

/**
 * Directories whose code supports the application rather than being it: tests, configuration,
 * database migrations, documentation, helper scripts. `Census.Tests.Unit`, `api-tests` count too.
 */
const SUPPORT_DIR =
  /^(specs?|__tests__|__mocks__|testing|testdata|e2e|fixtures|config|configs|conf|settings|etc|environments?|migrations?|migrate|docs?|scripts)$|(^|[._-])tests?([._-]|$)/i;

/**
 * File names of supporting code: tests (`test_x.py`, `x_test.go`, `App.test.js`, `user_spec.rb`,
 * `FooTests.cs`, Angular's `test.ts`), configuration (`settings.py`, `config.js`), Rails' generated
 * `db/schema.rb` and seed data, and package markers that rarely hold the code an edit changes
 * (`__init__.py`, `*.d.ts`, `package-info.java`, `AssemblyInfo.cs`, `doc.go`).
 */
const SUPPORT_FILE =
  /^(test_.*\.py|.*_test\.[a-z]+|.*[._-](test|spec)\.[^.]+|(test|tests|conftest)\.[^.]+|(settings|config|configuration|conf)\.[^.]+|(schema|seeds)\.rb|__init__\.py|.*\.d\.[cm]?ts|package-info\.java|module-info\.java|assemblyinfo\.cs|doc\.go)$/i;

/** Test classes by the JUnit/xUnit/PHPUnit convention; capital T, so `Contest.java` is not one. */
const TEST_CLASS = /Tests?\.(cs|fs|vb|java|kt|scala|groovy|php|swift)$/;

/**
 * 0 application code, 1 supporting code. A "code edit" means the application, so the touch
 * takes a supporting file only when no application file reaches the build.
 */
export function codeRole(path: string): 0 | 1 {
  const parts = path.split("/");
  const name = parts.pop() as string;
  if (parts.some((d) => SUPPORT_DIR.test(d))) return 1;
  return SUPPORT_FILE.test(name) || TEST_CLASS.test(name) ? 1 : 0;
}
