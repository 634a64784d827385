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

`test/analysis/corpus.test.ts` runs the diagnosis on each: the touch is chosen by the real touch
selection over a stand-in context made from `files.txt`, the warm build reruns the steps that touch
reaches by BuildKit's cache rules (`src/dockerfile/reach.ts`), and there is no image history, so
rules that measure layers say what the Dockerfile says (notices). The default target is used, as
`docker build` would. Context rules (`no-dockerignore`, `context-cost`, `git-in-context`) need a
measured context and are not judged here.

**Known misses** (an expected problem not found) and **known false findings** are listed with
their reason; they are rule limits for the rules' owners to fix, not skipped tests: the test holds
each entry to exactly its expected findings minus its known misses plus its known false findings,
so a fix shows up as a failing entry whose README row is then updated.

| entry | repository | path | commit | ecosystem | expected | found (static run) | known misses / false findings |
|---|---|---|---|---|---|---|---|"""]
for e in E:
    misses = e.get("knownMisses", [])
    falses = e.get("knownFalse", [])
    mk = {(m["rule"], m["line"]) for m in misses}
    found = [x for x in e["expected"] if (x["rule"], x["line"]) not in mk] + falses
    notes = [f"miss `{m['rule']}`:{m['line']}: {m['reason']}" for m in misses] + [
        f"false `{f['rule']}`:{f['line']}: {f['reason']}" for f in falses
    ]
    out.append(
        f"| `{e['slug']}` | [{e['repo']}](https://github.com/{e['repo']}) | `{e['path']}` | `{e['commit'][:12]}` | {e['ecosystem']} | {fmt(e['expected'])} | {fmt(found)} | {'<br>'.join(notes) or '–'} |"
    )
n_exp = sum(len(e["expected"]) for e in E)
n_miss = sum(len(e.get("knownMisses", [])) for e in E)
n_false = sum(len(e.get("knownFalse", [])) for e in E)
out.append("")
out.append(f"{len(E)} Dockerfiles; {n_exp} expected problems, {n_exp - n_miss} found, {n_miss} known misses; {n_false} known false findings.")
out.append("")
open(os.path.join(here, "README.md"), "w").write("\n".join(out))
