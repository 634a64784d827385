// Pure: directories a working copy accumulates that a Docker build recreates or never needs.
// A name alone is not enough for the generic ones (`build/` can be a Go package, `bin/` a
// folder of scripts): those count only next to the manifest of the tool that writes them.
// Whether the build at hand really recreates one is the diagnosis' call (src/analysis/).

export type DisposableKind = "dependencies" | "virtualenv" | "build-output" | "cache" | "vcs";

interface DirRule {
  kind: DisposableKind;
  /** Sibling files (in the same directory) of which one must exist; none: the name suffices. */
  markers?: RegExp;
}

const DIRS: Record<string, DirRule> = {
  node_modules: { kind: "dependencies" },
  bower_components: { kind: "dependencies" },
  jspm_packages: { kind: "dependencies" },
  vendor: { kind: "dependencies", markers: /^(composer\.json|Gemfile)$/ },
  ".venv": { kind: "virtualenv" },
  venv: { kind: "virtualenv" },
  target: { kind: "build-output", markers: /^(Cargo\.toml|pom\.xml|build\.sbt)$/ },
  build: {
    kind: "build-output",
    markers: /^(build\.gradle(\.kts)?|setup\.py|pyproject\.toml|package\.json|CMakeLists\.txt)$/,
  },
  dist: { kind: "build-output", markers: /^(package\.json|setup\.py|pyproject\.toml)$/ },
  out: { kind: "build-output", markers: /^(package\.json|next\.config\.[cm]?[jt]s)$/ },
  bin: { kind: "build-output", markers: /\.(cs|fs|vb)proj$/ },
  obj: { kind: "build-output", markers: /\.(cs|fs|vb)proj$/ },
  ".next": { kind: "build-output" },
  ".nuxt": { kind: "build-output" },
  ".svelte-kit": { kind: "build-output" },
  ".angular": { kind: "cache" },
  __pycache__: { kind: "cache" },
  ".pytest_cache": { kind: "cache" },
  ".mypy_cache": { kind: "cache" },
  ".ruff_cache": { kind: "cache" },
  ".tox": { kind: "cache" },
  ".nox": { kind: "cache" },
  ".gradle": { kind: "cache" },
  ".parcel-cache": { kind: "cache" },
  ".turbo": { kind: "cache" },
  ".terraform": { kind: "cache" },
  coverage: { kind: "cache" },
  htmlcov: { kind: "cache" },
  ".nyc_output": { kind: "cache" },
  ".git": { kind: "vcs" },
  ".hg": { kind: "vcs" },
  ".svn": { kind: "vcs" },
};

/**
 * What kind of disposable directory `name` is, given the names in its parent directory and
 * its own entries; null when it is an ordinary one. Any directory holding `pyvenv.cfg` is a
 * virtualenv, whatever its name (`env/`, `.env3/`).
 */
export function disposableKind(
  name: string,
  siblings: readonly string[],
  own: readonly string[],
): DisposableKind | null {
  if (own.includes("pyvenv.cfg")) return "virtualenv";
  const rule = Object.hasOwn(DIRS, name) ? DIRS[name] : undefined;
  if (!rule) return null;
  if (rule.markers && !siblings.some((s) => rule.markers?.test(s))) return null;
  return rule.kind;
}
