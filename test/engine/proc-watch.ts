// Watches /proc while a run builds: every process descended from the tool (docker, buildx, and
// whatever else it starts), the build's own RUN processes (found by a marker in their argv), and
// every process's command line. Environments are read once per process, when first seen.
import { readdir, readFile } from "node:fs/promises";

export interface SeenProcess {
  pid: number;
  comm: string;
  argv: string[];
  /** NAME=VALUE entries of /proc/<pid>/environ; empty when it could not be read. */
  env: string[];
}

export interface ProcWatchResult {
  /** Processes descended from the root, the root itself excluded. */
  descendants: SeenProcess[];
  /** Processes whose argv holds the marker (the build's RUN steps). */
  runs: SeenProcess[];
  /** The root's own environment, for a positive control. */
  rootEnv: string[];
  /** Command lines of any process that held one of the needles. */
  cmdlineLeaks: string[];
  samples: number;
}

const text = (path: string) => readFile(path, "utf8").catch(() => "");
const split = (raw: string) => raw.split("\0").filter(Boolean);

async function describeProcess(pid: number, argv: string[]): Promise<SeenProcess> {
  const comm = (await text(`/proc/${pid}/comm`)).trim();
  return { pid, comm, argv, env: split(await text(`/proc/${pid}/environ`)) };
}

/** Samples every `intervalMs` until stop(); `root()` is the tool's pid once it is known. */
export function watchProcesses(
  root: () => number | undefined,
  o: { marker: string; needles: readonly string[]; intervalMs?: number },
) {
  const descendants = new Map<number, SeenProcess>();
  const runs = new Map<number, SeenProcess>();
  const leaks = new Set<string>();
  let rootEnv: string[] = [];
  let samples = 0;
  let stopped = false;
  const sample = async (rootPid: number) => {
    const parent = new Map<number, number>();
    const argvOf = new Map<number, string[]>();
    for (const name of await readdir("/proc").catch(() => [])) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      const stat = await text(`/proc/${pid}/stat`);
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(pid, ppid);
      const cmdline = await text(`/proc/${pid}/cmdline`);
      argvOf.set(pid, split(cmdline));
      if (o.needles.some((n) => cmdline.includes(n))) leaks.add(cmdline.replace(/\0/g, " "));
    }
    const isDescendant = (pid: number): boolean => {
      for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 64; p = parent.get(p), hops++) {
        if (p === rootPid) return true;
      }
      return false;
    };
    if (!rootEnv.length) rootEnv = split(await text(`/proc/${rootPid}/environ`));
    // A child caught between libuv's fork and its exec still shows the tool's own argv, comm and
    // environment (the same memory); read it on a later sample, once it is what it became.
    const rootArgv = (argvOf.get(rootPid) ?? []).join("\0");
    const preExec = (argv: string[]) => rootArgv !== "" && argv.join("\0") === rootArgv;
    for (const [pid, argv] of argvOf) {
      if (!descendants.has(pid) && isDescendant(pid) && !preExec(argv))
        descendants.set(pid, await describeProcess(pid, argv));
      if (!runs.has(pid) && argv.join(" ").includes(o.marker))
        runs.set(pid, await describeProcess(pid, argv));
    }
    samples++;
  };
  const loop = (async () => {
    while (!stopped) {
      const pid = root();
      if (pid !== undefined) await sample(pid);
      await new Promise((r) => setTimeout(r, o.intervalMs ?? 150));
    }
  })();
  return {
    async stop(): Promise<ProcWatchResult> {
      stopped = true;
      await loop;
      return {
        descendants: [...descendants.values()],
        runs: [...runs.values()],
        rootEnv,
        cmdlineLeaks: [...leaks],
        samples,
      };
    },
  };
}
