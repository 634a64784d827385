// The build options the tool passes through to docker (ssh, network, add-host, allow, shm-size,
// ulimit), proven on the real build rather than on the argv: each project's RUN reads the option
// from inside the build and exits 1 when it is not there, on every docker path (buildx, and the
// 20.10 client's built-in BuildKit). Where a path would drop an option, the tool refuses it by name.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBenchmark } from "../../src/benchmark.js";
import { NO_BUILD_OPTIONS, type BuildOptions } from "../../src/docker/build-options.js";
import type { Report } from "../../src/report/schema.js";
import { currentEngine } from "../support/engine.js";
import { benchOptions, MODES } from "./helpers.js";

/** Docker ≥ 23's BuildKit honours --shm-size and --ulimit; 20.10's ignores them (refuseDroppedOptions). */
const HONOURS_RESOURCES = currentEngine().serverMajor >= 23;

/**
 * A project whose last RUN (after the copied code, so it runs in the cold and the warm build) is
 * `check(nonce)`, with `runFlags` (`--mount=…`); `setup` lines go before the code, `files` (source →
 * name) into the context. The nonce keeps
 * BuildKit from answering from another run's cache.
 */
async function passProject(
  check: (nonce: string) => string,
  opts: { setup?: string[]; files?: Record<string, string>; runFlags?: string } = {},
): Promise<{ dir: string; nonce: string }> {
  const nonce = randomBytes(6).toString("hex");
  const dir = await mkdtemp(join(tmpdir(), "dcb-pass-"));
  await mkdir(join(dir, "app"));
  await writeFile(join(dir, "app", "main.py"), `print("pass-through ${nonce}")\n`);
  for (const [from, to] of Object.entries(opts.files ?? {}))
    await cp(from, join(dir, to), { recursive: true });
  const lines = ["ARG BASE", "FROM ${BASE}", ...(opts.setup ?? []), "WORKDIR /app", "COPY app/ ./app/"];
  lines.push(`RUN ${opts.runFlags ?? ""}echo "check ${nonce}" && ${check(nonce)}`, "");
  await writeFile(join(dir, "Dockerfile"), lines.join("\n"));
  return { dir, nonce };
}

type Mode = (typeof MODES)[number];

/** Benchmarks dir with the options; returns the report and the build log (both builds). */
async function bench(dir: string, mode: Mode, options: Partial<BuildOptions>) {
  const lines: string[] = [];
  const report = await runBenchmark(
    benchOptions(dir, {
      docker: mode.docker,
      mode: mode.mode,
      buildOptions: { ...NO_BUILD_OPTIONS, ...options },
    }),
    { onBuildLine: (phase, line) => lines.push(`${phase} ${line}`) },
  );
  return { report, lines };
}

/** The check's step ran (not cached) in both builds: the option reached the cold and the warm one. */
function expectCheckRan(report: Report, nonce: string): void {
  for (const phase of ["cold", "warm"] as const) {
    const step = report[phase].steps.find((s) => s.instruction?.includes(`check ${nonce}`));
    expect(step?.status, phase).toBe("done");
  }
}

/** What the checks printed after `label`, as `cold …` / `warm …` (rawjson's rendered lines have no time). */
function printed(lines: string[], label: string): string[] {
  const re = new RegExp(`^(cold|warm) #\\d+ (?:\\d+\\.\\d+ )?${label} (.*)$`);
  return lines.flatMap((l) => {
    const m = re.exec(l);
    return m ? [`${m[1]} ${m[2]?.trim()}`] : [];
  });
}

// The checks: each prints what it saw, then fails the RUN unless it is what the option asked for.
const CHECKS = {
  addHost: (name: string, ip: string) =>
    `awk -v h=${name} '$2 == h { print "host", $1 }' /etc/hosts && grep -q "^${ip}[[:space:]]*${name}$" /etc/hosts`,
  shm: (kb: number) =>
    `kb=$(df -k /dev/shm | awk 'NR == 2 { print $2 }') && echo "shm-kb $kb" && test "$kb" = ${kb}`,
  nofile: (soft: number, hard: number) =>
    `echo "nofile $(ulimit -n):$(ulimit -Hn)" && test "$(ulimit -n):$(ulimit -Hn)" = ${soft}:${hard}`,
  ifaces: `echo "ifaces $(ls /sys/class/net | tr '\\n' ' ')"`,
};

/**
 * An interface of the host's network namespace that a bridged build container never has
 * (docker0 on every machine the suite runs on): seen in a RUN, the build ran in the host's network.
 */
async function hostOnlyInterface(): Promise<string> {
  const names = (await readdir("/sys/class/net")).filter((n) => n !== "lo" && !/^eth\d+$/.test(n));
  return names.includes("docker0") ? "docker0" : (names.sort()[0] ?? "");
}

/**
 * An ssh-agent of this file's own (its socket in a temp dir) holding a fresh key whose comment is a
 * nonce, and the host's ssh-add with the libraries it loads, to run inside a busybox build.
 */
interface Agent {
  socket: string;
  comment: string;
  fingerprint: string;
  /** A directory with ssh-add, its libraries and the dynamic loader, for `COPY ssh/ /opt/ssh/`. */
  tools: string;
  /** ssh-add run inside the build through the copied loader. */
  sshAdd: string;
  process: ChildProcess;
}

async function startAgent(): Promise<Agent> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-ssh-"));
  const socket = join(dir, "agent.sock");
  const agent = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
  const comment = `dcb-key-${randomBytes(6).toString("hex")}`;
  const key = join(dir, "id_ed25519");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key]);
  for (let i = 0; ; i++) {
    try {
      execFileSync("ssh-add", ["-q", key], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: "pipe" });
      break;
    } catch (e) {
      if (i > 50) throw e; // the agent had 5 s to open its socket
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
  const fingerprint =
    execFileSync("ssh-keygen", ["-l", "-f", `${key}.pub`], { encoding: "utf8" }).split(" ")[1] ?? "";
  const tools = join(dir, "tools");
  await mkdir(tools);
  const sshAdd = execFileSync("sh", ["-c", "command -v ssh-add"], { encoding: "utf8" }).trim();
  // `ldd` lists `name => /path (addr)` for libraries and `/path/ld-linux… (addr)` for the loader.
  const libs = execFileSync("ldd", [sshAdd], { encoding: "utf8" })
    .split("\n")
    .map((l) => /(?:=>\s*)?(\/\S+)\s+\(/.exec(l)?.[1])
    .filter((p): p is string => !!p);
  for (const p of [sshAdd, ...libs]) await cp(p, join(tools, basename(p)), { dereference: true });
  const loader = libs.map((p) => basename(p)).find((n) => n.startsWith("ld-")) ?? "";
  return {
    socket,
    comment,
    fingerprint,
    tools,
    sshAdd: `/opt/ssh/${loader} --library-path /opt/ssh /opt/ssh/ssh-add`,
    process: agent,
  };
}

const HOST_IF = await hostOnlyInterface();
let agent: Agent;
beforeAll(async () => {
  agent = await startAgent();
});
afterAll(() => {
  agent?.process.kill();
});

/** `RUN --mount=type=ssh,required=true`: without an agent forwarded, the mount itself fails the build. */
const sshProject = () =>
  passProject(
    () => `${agent.sshAdd} -l | sed 's/^/agent-key /' && ${agent.sshAdd} -l | grep -q " ${agent.comment} "`,
    {
      setup: ["COPY ssh/ /opt/ssh/"],
      files: { [agent.tools]: "ssh" },
      runFlags: "--mount=type=ssh,required=true ",
    },
  );

/** Runs f with SSH_AUTH_SOCK naming this file's agent: the tool hands that variable to docker. */
async function withAgent<T>(f: () => Promise<T>): Promise<T> {
  const saved = process.env.SSH_AUTH_SOCK;
  process.env.SSH_AUTH_SOCK = agent.socket;
  try {
    return await f();
  } finally {
    if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = saved;
  }
}

describe.each(MODES)("build options reach the build: $label", (mode) => {
  it("--add-host: the name resolves to the address in the build's /etc/hosts", async () => {
    const { dir, nonce } = await passProject((n) => CHECKS.addHost(`dcb-${n}`, "10.77.1.2"));
    const { report, lines } = await bench(dir, mode, { addHosts: [`dcb-${nonce}:10.77.1.2`] });
    expectCheckRan(report, nonce);
    expect(printed(lines, "host")).toEqual(["cold 10.77.1.2", "warm 10.77.1.2"]);
  });

  it("--network none: the build's RUN sees no interface but lo", async () => {
    const { dir, nonce } = await passProject(() => `${CHECKS.ifaces} && test "$(ls /sys/class/net)" = lo`);
    const { report, lines } = await bench(dir, mode, { network: "none" });
    expectCheckRan(report, nonce);
    expect(printed(lines, "ifaces")).toEqual(["cold lo", "warm lo"]);
  });

  it("--network host: the build's RUN sees the host's interfaces", async () => {
    const iface = HOST_IF;
    expect(iface).not.toBe("");
    const { dir, nonce } = await passProject(() => `${CHECKS.ifaces} && test -e /sys/class/net/${iface}`);
    const { report, lines } = await bench(dir, mode, { network: "host" });
    expectCheckRan(report, nonce);
    expect(printed(lines, "ifaces").map((l) => l.split(" ").includes(iface))).toEqual([true, true]);
  });

  it("--ssh default: the agent the test started answers `ssh-add -l` inside the build", async () => {
    const { dir, nonce } = await sshProject();
    const { report, lines } = await withAgent(() => bench(dir, mode, { ssh: ["default"] }));
    expectCheckRan(report, nonce);
    const seen = printed(lines, "agent-key");
    expect(seen).toHaveLength(2);
    for (const l of seen) expect(l).toContain(`${agent.fingerprint} ${agent.comment} (ED25519)`);
  });

  it("--shm-size: /dev/shm has the size asked for, or the tool refuses it on Docker 20.10", async () => {
    const { dir, nonce } = await passProject(() => CHECKS.shm(96 * 1024));
    const run = bench(dir, mode, { shmSize: "96m" });
    if (!HONOURS_RESOURCES) {
      await expect(run).rejects.toThrow(
        /--shm-size would not reach the build: Docker 20\.10\.\S+'s BuildKit/,
      );
      return;
    }
    const { report, lines } = await run;
    expectCheckRan(report, nonce);
    expect(printed(lines, "shm-kb")).toEqual(["cold 98304", "warm 98304"]);
  });

  it("--ulimit: the build's RUN has the limits asked for, or the tool refuses it on Docker 20.10", async () => {
    const { dir, nonce } = await passProject(() => CHECKS.nofile(1234, 2345));
    const run = bench(dir, mode, { ulimits: ["nofile=1234:2345"] });
    if (!HONOURS_RESOURCES) {
      await expect(run).rejects.toThrow(/--ulimit would not reach the build: Docker 20\.10\.\S+'s BuildKit/);
      return;
    }
    const { report, lines } = await run;
    expectCheckRan(report, nonce);
    expect(printed(lines, "nofile")).toEqual(["cold 1234:2345", "warm 1234:2345"]);
  });

  it("--allow network.host with --network host: granted by buildx's builder; refused by name without buildx", async () => {
    const iface = HOST_IF;
    const { dir, nonce } = await passProject(() => `${CHECKS.ifaces} && test -e /sys/class/net/${iface}`);
    const run = bench(dir, mode, { network: "host", allow: ["network.host"] });
    if (mode.mode === "builtin") {
      await expect(run).rejects.toThrow(/--allow need buildx/);
      return;
    }
    const { report, lines } = await run;
    expectCheckRan(report, nonce);
    expect(printed(lines, "ifaces").map((l) => l.split(" ").includes(iface))).toEqual([true, true]);
  });

  it.runIf(mode.mode === "buildx")(
    "--allow security.insecure: the daemon does not grant it, and the error says so",
    async () => {
      const { dir } = await passProject(() => "true");
      await expect(bench(dir, mode, { allow: ["security.insecure"] })).rejects.toThrow(
        /granting entitlement security\.insecure is not allowed by build daemon configuration/,
      );
    },
  );
});

describe("each check fails the build when its option is absent", () => {
  const mode = MODES[0] as Mode;
  it("ssh: the same agent running, no --ssh", async () => {
    const { dir, nonce } = await sshProject();
    await expect(withAgent(() => bench(dir, mode, {}))).rejects.toThrow(
      new RegExp(`cold build failed at step ".*check ${nonce}`),
    );
  });

  it.each([
    ["add-host", () => CHECKS.addHost("dcb-absent", "10.77.1.2")],
    ["network host", () => `test -e /sys/class/net/${HOST_IF}`],
    ["network none", () => `test "$(ls /sys/class/net)" = lo`],
    ["shm-size", () => CHECKS.shm(96 * 1024)],
    ["ulimit", () => CHECKS.nofile(1234, 2345)],
  ])("%s", async (_, check) => {
    const { dir, nonce } = await passProject(check);
    await expect(bench(dir, mode, {})).rejects.toThrow(
      new RegExp(`cold build failed at step ".*check ${nonce}`),
    );
  });
});
