// Does a source file belong to the project the build builds? Judged from the files the build
// copies: the dependency manifests there name the project's languages. A `.py` helper script in a
// Gradle project, or a `.cs` file outside every `.csproj` directory, reaches the build but is not
// the application, so a touch there says little about a developer's edit (corpus: gradle-kotlin,
// ruby-rails-heroku, dotnet-census).
import { extensionOf } from "./kinds.js";

interface Ecosystem {
  /** Basename of a manifest that declares a project in this language. */
  manifest: RegExp;
  extensions: string[];
  /**
   * The build tool compiles only files at or below the manifest's directory (an SDK-style .NET
   * project takes every .cs file below its project file), so a file elsewhere is not built.
   */
  scoped?: boolean;
}

const ECOSYSTEMS: Ecosystem[] = [
  {
    manifest:
      /^(requirements.*\.(txt|in)|pyproject\.toml|setup\.(py|cfg)|pipfile(\.lock)?|poetry\.lock|uv\.lock)$/i,
    extensions: ["py", "pyi"],
  },
  {
    manifest: /^package\.json$/i,
    extensions: ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "vue", "svelte"],
  },
  { manifest: /^go\.mod$/i, extensions: ["go"] },
  { manifest: /^(gemfile|.*\.gemspec)$/i, extensions: ["rb"] },
  {
    manifest: /^(pom\.xml|(build|settings)\.gradle(\.kts)?|build\.sbt)$/i,
    extensions: ["java", "kt", "kts", "scala", "groovy"],
  },
  { manifest: /^cargo\.toml$/i, extensions: ["rs"] },
  { manifest: /^composer\.json$/i, extensions: ["php"] },
  { manifest: /^.*\.(cs|fs|vb)proj$/i, extensions: ["cs", "fs", "vb"], scoped: true },
  { manifest: /^mix\.exs$/i, extensions: ["ex", "exs"] },
  { manifest: /^pubspec\.yaml$/i, extensions: ["dart"] },
];

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

function isAtOrBelow(dir: string, root: string): boolean {
  return root === "" || dir === root || dir.startsWith(`${root}/`);
}

/**
 * A function giving 0 for a file that belongs to a project the copied manifests declare, and 1
 * for a source file in a language none of them declares (or, for .NET, outside every project
 * directory). A file in a language with no known manifest is 0, and so is everything when the
 * build copies no manifest at all: without a manifest there is nothing to judge by.
 */
export function projectFit(copied: string[]): (path: string) => 0 | 1 {
  const dirs = new Map<Ecosystem, string[]>();
  for (const f of copied) {
    const eco = ECOSYSTEMS.find((e) => e.manifest.test(f.slice(f.lastIndexOf("/") + 1)));
    if (eco) dirs.set(eco, [...(dirs.get(eco) ?? []), dirOf(f)]);
  }
  if (dirs.size === 0) return () => 0;
  return (path) => {
    const ext = extensionOf(path);
    const eco = ECOSYSTEMS.find((e) => e.extensions.includes(ext));
    if (!eco) return 0;
    const roots = dirs.get(eco);
    if (!roots) return 1;
    return !eco.scoped || roots.some((r) => isAtOrBelow(dirOf(path), r)) ? 0 : 1;
  };
}
