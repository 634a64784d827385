// System package managers in a RUN: which packages it installs, whether it refreshes the package
// index, and whether it cleans up after itself in the same layer (a later RUN cannot shrink an
// earlier layer).
import type { Instruction } from "../../dockerfile/index.js";
import {
  asPip,
  commandName,
  hasFlag,
  operands,
  runCommands,
  runScript,
  subcommand,
  type Command,
} from "./shell.js";

const APT = new Set(["apt-get", "apt", "aptitude"]);
const APT_VALUE_FLAGS = new Set(["-o", "-t", "--target-release", "-c", "--config-file"]);
const APK_VALUE_FLAGS = new Set(["-t", "--virtual", "-X", "--repository", "--root", "-p"]);
const YUM = new Set(["yum", "dnf", "microdnf"]);

export interface SystemInstall {
  manager: "apt-get" | "apk" | "yum";
  packages: string[];
}

export function isAptUpdate(cmd: Command): boolean {
  return APT.has(commandName(cmd)) && subcommand(cmd, APT_VALUE_FLAGS)?.name === "update";
}

function aptInstall(cmd: Command): string[] | null {
  if (!APT.has(commandName(cmd))) return null;
  const sub = subcommand(cmd, APT_VALUE_FLAGS);
  if (sub?.name !== "install") return null;
  return operands(cmd, sub.index + 1, APT_VALUE_FLAGS);
}

function apkAdd(cmd: Command): string[] | null {
  if (commandName(cmd) !== "apk") return null;
  const sub = subcommand(cmd, APK_VALUE_FLAGS);
  if (sub?.name !== "add") return null;
  return operands(cmd, sub.index + 1, APK_VALUE_FLAGS);
}

function yumInstall(cmd: Command): string[] | null {
  if (!YUM.has(commandName(cmd))) return null;
  const sub = subcommand(cmd, new Set(["--setopt", "--enablerepo", "--disablerepo"]));
  if (sub?.name !== "install") return null;
  return operands(cmd, sub.index + 1);
}

export function systemInstalls(ins: Instruction): SystemInstall[] {
  const out: SystemInstall[] = [];
  for (const cmd of runCommands(ins)) {
    const apt = aptInstall(cmd);
    if (apt) out.push({ manager: "apt-get", packages: apt });
    const apk = apkAdd(cmd);
    if (apk) out.push({ manager: "apk", packages: apk });
    const yum = yumInstall(cmd);
    if (yum) out.push({ manager: "yum", packages: yum });
  }
  return out;
}

export function hasAptUpdate(ins: Instruction): boolean {
  return runCommands(ins).some(isAptUpdate);
}

export function hasAptInstall(ins: Instruction): boolean {
  return runCommands(ins).some((c) => aptInstall(c) !== null);
}

export function aptPackages(ins: Instruction): string[] {
  return runCommands(ins).flatMap((c) => aptInstall(c) ?? []);
}

/** A cache mount over `dir` keeps what is written there out of the layer. */
export function mountsCache(ins: Instruction, dir: string): boolean {
  return ins.mounts.some(
    (m) =>
      /(^|,)type=cache(,|$)/.test(m) && new RegExp(`(^|,)(target|dst|destination)=${dir}/?(,|$)`).test(m),
  );
}

export function removesAptLists(ins: Instruction): boolean {
  return (
    /rm\s+(-\w+\s+)*\S*\/var\/lib\/apt\/lists/.test(runScript(ins)) || mountsCache(ins, "/var/lib/apt/lists")
  );
}

/** `apk add` that leaves /var/cache/apk behind: no `--no-cache`, no cleanup, no cache mount. */
export function apkCacheLeft(ins: Instruction): boolean {
  const adds = runCommands(ins).filter((c) => apkAdd(c) !== null);
  if (!adds.length) return false;
  if (adds.every((c) => hasFlag(c, "--no-cache"))) return false;
  if (/rm\s+(-\w+\s+)*\S*\/var\/cache\/apk/.test(runScript(ins))) return false;
  return !mountsCache(ins, "/var/cache/apk") && !mountsCache(ins, "/etc/apk/cache");
}

/** `pip install` that writes its wheel cache into the layer (PIP_NO_CACHE_DIR set in `env` is honoured). */
export function pipCacheLeft(ins: Instruction, env: ReadonlyMap<string, string>): boolean {
  const installs = runCommands(ins)
    .map(asPip)
    .filter((c): c is Command => c !== null && c[1] === "install");
  if (!installs.length) return false;
  // `uv pip` keeps its cache under ~/.cache/uv; only pip's own cache is judged here.
  if (runCommands(ins).some((c) => commandName(c) === "uv")) return false;
  if (installs.every((c) => hasFlag(c, "--no-cache-dir"))) return false;
  const noCache = env.get("PIP_NO_CACHE_DIR");
  if (noCache !== undefined && !/^(0|false|no|off)$/i.test(noCache)) return false;
  if (
    /rm\s+(-\w+\s+)*\S*\.cache(\/pip)?\/?(\s|$|;|&)/.test(runScript(ins)) ||
    /pip\s+cache\s+purge/.test(runScript(ins))
  )
    return false;
  return !["/root/.cache", "/root/.cache/pip"].some((d) => mountsCache(ins, d));
}

/**
 * Compilers and build tools: what a runtime image does not need. `-dev`/`-devel` packages are
 * headers for compiling against a library; the runtime needs only the library itself.
 */
const TOOLCHAIN = new Set([
  "build-essential",
  "build-base",
  "gcc",
  "g++",
  "cc",
  "c++",
  "make",
  "cmake",
  "clang",
  "llvm",
  "autoconf",
  "automake",
  "libtool",
  "pkg-config",
  "pkgconf",
  "rustc",
  "cargo",
  "golang",
  "go",
  "gfortran",
  "ninja-build",
  "meson",
  "bison",
  "flex",
  "musl-dev",
  "libc6-dev",
  "libc-dev",
  "gcc-c++",
  "development-tools",
  "maven",
  "gradle",
]);

export function isToolchainPackage(pkg: string): boolean {
  const name = pkg
    .replace(/[=<>~].*$/, "")
    .replace(/\/.*$/, "")
    .replace(/:\w+$/, "");
  return TOOLCHAIN.has(name) || /-(dev|devel)$/.test(name) || /^(gcc|g\+\+|clang|golang)-[\d.]+$/.test(name);
}

/**
 * Packages a RUN installs and removes again in the same RUN (`apk add --virtual .build-deps …
 * && apk del .build-deps`, `apt-get purge -y gcc`): they never reach the layer.
 */
export function removedInSameRun(ins: Instruction): Set<string> {
  const removed = new Set<string>();
  const virtuals = new Map<string, string[]>();
  for (const cmd of runCommands(ins)) {
    const name = commandName(cmd);
    const apk = apkAdd(cmd);
    const v = cmd.findIndex((w) => w === "--virtual" || w === "-t");
    if (apk && v !== -1 && cmd[v + 1]) virtuals.set(cmd[v + 1] as string, apk);
    const sub = subcommand(cmd, APT_VALUE_FLAGS)?.name;
    const removes =
      (name === "apk" && sub === "del") ||
      (APT.has(name) && (sub === "purge" || sub === "remove")) ||
      (YUM.has(name) && (sub === "remove" || sub === "erase"));
    if (!removes || !sub) continue;
    for (const pkg of operands(cmd, cmd.indexOf(sub) + 1, APT_VALUE_FLAGS)) {
      removed.add(pkg);
      for (const p of virtuals.get(pkg) ?? []) removed.add(p);
    }
  }
  return removed;
}
