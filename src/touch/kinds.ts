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
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  if (SOURCE.has(ext)) return TOOL_CONFIG.test(name) ? 1 : 0;
  if (BINARY.has(ext)) return 2;
  return 1;
}
