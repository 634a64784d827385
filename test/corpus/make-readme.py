# Writes test/corpus/README.md from corpus.json (run: python3 test/corpus/make-readme.py).
import json, os
here = os.path.dirname(os.path.abspath(__file__))
E = json.load(open(os.path.join(here, "corpus.json")))
fmt = lambda xs: ", ".join(f"`{x['rule']}`:{x['line']}" for x in xs) or "none"
out = ["""# Corpus: real Dockerfiles with hand-written expected findings

Each directory holds one Dockerfile (and its `.dockerignore`, when the repository has one) copied
byte for byte from a public repository at the commit named below, and `files.txt`, the file list of
its build context at that commit (`git ls-tree`, or the stored listing of the repository). The
expected findings (rule id and Dockerfile line) were written by reading the Dockerfile, before
looking at what the tool reports.

A few entries are **written here** (so marked in the table, what each stands for below it):
a Dockerfile in the most common real-world shape for a case none of the copied entries has, with
a `files.txt` of a typical project of that kind. They hold the same bar (expected findings written
first, the fixes built on the engine); they are not evidence of how often the case occurs.

`test/analysis/corpus.test.ts` runs the diagnosis on each: the touch is chosen by the real touch
selection over a stand-in context made from `files.txt`, the warm build reruns the steps that touch
reaches by BuildKit's cache rules (`src/dockerfile/reach.ts`), and there is no image history, so
rules that measure layers say what the Dockerfile says (notices). The default target is used, as
`docker build` would. Context rules (`no-dockerignore`, `context-cost`, `git-in-context`) need a
measured context and are not judged here.

The **touch** column is the file an engineer would edit to stand for a code change, written by
reading the file list: application code that the default target's build copies and
`.dockerignore` lets through; not a dependency manifest (that is a dependency update), a
Dockerfile, docs, a test, configuration, a package marker such as `__init__.py` when a module
exists, or a script in a language the copied manifests do not declare; among those, the one whose
change reruns the most build steps. The static test asserts it for every entry; the engine test
below, for each entry it builds, on what `runBenchmark` really touched (`report.touched`).

**Known misses** (an expected problem not found) and **known false findings** are listed with
their reason; they are rule limits for the rules' owners to fix, not skipped tests: the test holds
each entry to exactly its expected findings minus its known misses plus its known false findings,
so a fix shows up as a failing entry whose README row is then updated.

| entry | repository | path | commit | ecosystem | touch | expected | found (static run) | known misses / false findings |
|---|---|---|---|---|---|---|---|---|"""]
for e in E:
    misses = e.get("knownMisses", [])
    falses = e.get("knownFalse", [])
    mk = {(m["rule"], m["line"]) for m in misses}
    found = [x for x in e["expected"] if (x["rule"], x["line"]) not in mk] + falses
    notes = [f"miss `{m['rule']}`:{m['line']}: {m['reason']}" for m in misses] + [
        f"false `{f['rule']}`:{f['line']}: {f['reason']}" for f in falses
    ]
    source = f"[{e['repo']}](https://github.com/{e['repo']})" if "repo" in e else "written here"
    commit = f"`{e['commit'][:12]}`" if "commit" in e else "–"
    touch = f"`{e['touch']}`" if e["touch"] else "none (no context copy reaches the target)"
    out.append(
        f"| `{e['slug']}` | {source} | `{e['path']}` | {commit} | {e['ecosystem']} | {touch} | {fmt(e['expected'])} | {fmt(found)} | {'<br>'.join(notes) or '–'} |"
    )
n_exp = sum(len(e["expected"]) for e in E)
n_miss = sum(len(e.get("knownMisses", [])) for e in E)
n_false = sum(len(e.get("knownFalse", [])) for e in E)
out.append("")
for e in E:
    if "written" in e:
        out.append(f"- `{e['slug']}` (written here): {e['written']}.")
out.append("")
out.append(f"{len(E)} Dockerfiles; {n_exp} expected problems, {n_exp - n_miss} found, {n_miss} known misses; {n_false} known false findings.")
out.append("")
out.append("""## The fixes, built on the real engine

`test/engine/corpus-fixes.test.ts` builds every fix the diagnosis suggests as a Dockerfile edit
(`finding.edit`) for the corpus. For each entry whose static diagnosis has such a finding, it
runs the product's own path: `runBenchmark` on the original in a stand-in context (cold
`--no-cache` build, the touch, warm build), then `--verify-fixes`' Dockerfile half
(`src/verify/dockerfile.ts`), which applies each edit to a temporary copy and benchmarks it cold
and warm after the same touch. It asserts that the real build suggests the same edits as the
static run, that every one of them builds (`verification.status` is `passed`), and that every
step the fix moved stays cached after the code change. A fix that does not build there is a
product bug to fix in `src/`, never an entry to skip. The `.dockerignore` suggestions are not
rebuilt here (their verification is `test/engine/verify-fixes.test.ts`'s).

**How the stubs are made.**

- *Context*: every path of `files.txt` (the repository's `git ls-tree` at the commit) is created
  with one line of content, its own path and a per-run nonce (so concurrent builds on one
  daemon never share steps). `*.sh` files are executable no-op scripts, `mvnw`/`gradlew` call
  the stand-in `mvn`/`gradle`. The repository's Dockerfile and `.dockerignore` are used as they
  are, except that a `# syntax=` directive is replaced by a comment on the same line: the
  frontend image it names cannot be pulled, so the engine's built-in frontend parses the file.
- *Base images*: one image, `docker-cache-bench/corpus-stand-in:local`, built from
  `stand-in/` on the project's base image (busybox, the stand-in `apt-get` and `pip`), is tagged
  with every name the built Dockerfiles pull (`FROM node:16-alpine`, `COPY --from=gloursdocker/docker`),
  and the tags are removed afterwards. A name that already exists on the daemon as another image
  stops the test rather than being overwritten.
- *Tools*: `stand-in/bin/stand-in` plays npm, yarn, pnpm, pip, poetry, uv, go, cargo, mvn,
  gradle, bundle, gem, composer, dotnet and apk: each install fails when the manifest or
  lockfile the real tool reads is missing from its directory (`npm ci` without
  `package-lock.json`, `yarn --frozen-lockfile` without `yarn.lock`, `dotnet restore` without a
  project file), takes a fifth of a second, and leaves what later steps use (`node_modules/`,
  `vendor/`, `target/app.jar`, a published dll). A global install (`npm i -g pnpm`,
  `pip install poetry`, `yarn global add @vue/cli`) puts the command on `PATH`, and nothing else
  has it before, so a step moved above its installer fails as it would. `/etc/passwd` has the
  users the images' `--chown` and `USER` lines name.

**What a stand-in cannot prove.** That the real tool succeeds on the real project: the
stand-ins check the files the fix copies exist where the tool reads them and that the order of
steps holds, not that the manifests alone are enough for the real resolver (a `postinstall`
script reading source, a workspace package's manifest the fix leaves out, a Gradle plugin that
resolves more than `gradle dependencies` does, a private registry's config in a file the fix
does not copy). Sizes and times are the stand-ins', not the real images': rules that measure
layers are judged by the static run only. Docker 20.10's built-in frontend cannot parse heredocs
(`RUN <<EOF`, Dockerfile 1.4), and the 1.4 frontend image cannot be pulled here, so on that
engine the entries that use them are skipped with that reason; the modern engines build them.
""")
open(os.path.join(here, "README.md"), "w").write("\n".join(out))
