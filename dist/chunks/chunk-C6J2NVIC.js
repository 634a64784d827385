import { createRequire as __dcbCreateRequire } from "node:module"; const require = __dcbCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/docker/child-env.ts
var WINDOWS_BASE = [
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "APPDATA",
  "LOCALAPPDATA",
  "PROGRAMDATA",
  "SYSTEMROOT",
  "WINDIR",
  "COMSPEC",
  "PATHEXT",
  "TEMP",
  "TMP"
];
var DOCKER_ENV_ALLOWLIST = [
  "PATH",
  "HOME",
  "TMPDIR",
  "XDG_CONFIG_HOME",
  "XDG_CONFIG_DIRS",
  "XDG_DATA_HOME",
  "XDG_DATA_DIRS",
  "XDG_STATE_HOME",
  "XDG_CACHE_HOME",
  "XDG_RUNTIME_DIR",
  ...WINDOWS_BASE,
  "LANG",
  "LANGUAGE",
  "TZ",
  "TERM",
  "NO_COLOR",
  "DOCKER_HOST",
  "DOCKER_CONTEXT",
  "DOCKER_CONFIG",
  "DOCKER_CERT_PATH",
  "DOCKER_TLS",
  "DOCKER_TLS_VERIFY",
  "DOCKER_API_VERSION",
  "DOCKER_CUSTOM_HEADERS",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "DOCKER_BUILDKIT",
  "DOCKER_DEFAULT_PLATFORM",
  "DOCKER_CLI_EXPERIMENTAL",
  "DOCKER_CONTENT_TRUST",
  "DOCKER_CONTENT_TRUST_SERVER",
  "DOCKER_AUTH_CONFIG",
  "BUILDKIT_HOST",
  "BUILDKIT_COLORS",
  "BUILDKIT_PROGRESS",
  "BUILDKIT_TTY_LOG_LINES",
  "BUILDKIT_NO_CLIENT_TOKEN",
  "BUILDX_BUILDER",
  "BUILDX_CONFIG",
  "BUILDX_EXPERIMENTAL",
  "BUILDX_GIT_CHECK_DIRTY",
  "BUILDX_GIT_INFO",
  "BUILDX_GIT_LABELS",
  "BUILDX_METADATA_WARNINGS",
  "BUILDX_NO_DEFAULT_ATTESTATIONS",
  "BUILDX_NO_DEFAULT_OCI_ARTIFACT",
  "BUILDX_DEFAULT_POLICY",
  "BUILDX_SEND_GIT_QUERY_AS_INPUT",
  "BUILDX_BAKE_ENTITLEMENTS_FS",
  "BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP",
  "BAKE_ALLOW_REMOTE_FS_ACCESS",
  "EXPERIMENTAL_BUILDKIT_SOURCE_POLICY",
  "SOURCE_DATE_EPOCH",
  "KUBECONFIG",
  "WSL_DISTRO_NAME",
  "SUDO_UID",
  "SUDO_GID",
  "DBUS_SESSION_BUS_ADDRESS",
  "PASSWORD_STORE_DIR",
  "GNUPGHOME"
];
var LOCALE = /^LC_[A-Z]+$/;
var PASS_ENV_VARIABLE = "DOCKER_CACHE_BENCH_PASS_ENV";
function passedNames(source, pass = []) {
  const names = /* @__PURE__ */ new Set([...DOCKER_ENV_ALLOWLIST, ...pass]);
  for (const name of (source[PASS_ENV_VARIABLE] ?? "").split(/[\s,]+/)) if (name) names.add(name);
  if (/^ssh:\/\//i.test(source.DOCKER_HOST ?? "")) names.add("SSH_AUTH_SOCK");
  return names;
}
function dockerChildEnv(source = process.env, opts = {}, platform = process.platform) {
  return { ...pickEnv(source, passedNames(source, opts.pass), [LOCALE], platform), ...opts.set };
}
function pickEnv(source, names, patterns, platform) {
  const windows = platform === "win32";
  const wanted = windows ? new Set([...names].map((n) => n.toUpperCase())) : names;
  const out = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === void 0) continue;
    if (wanted.has(windows ? name.toUpperCase() : name) || patterns.some((p) => p.test(name)))
      out[name] = value;
  }
  return out;
}

// src/docker/exec.ts
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

// src/progress/split.ts
function createLineSplitter(onLine) {
  let partial = "";
  function emit(line) {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (!text.includes("\r")) return onLine(text);
    for (const piece of text.split("\r")) onLine(piece);
  }
  return {
    push(chunk) {
      const cut = chunk.includes("\r") || partial.includes("\r") ? emit : onLine;
      let start = 0;
      if (partial !== "") {
        const nl = chunk.indexOf("\n");
        start = nl + 1;
        if (nl >= 0) cut(partial + chunk.slice(0, nl));
      }
      for (let nl = chunk.indexOf("\n", start); nl >= 0; nl = chunk.indexOf("\n", start)) {
        cut(chunk.slice(start, nl));
        start = nl + 1;
      }
      if (start > 0) partial = chunk.slice(start);
      else partial = partial + chunk;
      const cr = partial.length < 2 ? -1 : partial.lastIndexOf("\r", partial.length - 2);
      if (cr < 0) return;
      for (const piece of partial.slice(0, cr).split("\r")) onLine(piece);
      partial = partial.slice(cr + 1);
    },
    end() {
      if (partial === "") return;
      const last = partial.endsWith("\r") ? partial.slice(0, -1) : partial;
      partial = "";
      onLine(last);
    }
  };
}

// src/docker/exec.ts
var STDERR_TAIL_LINES = 20;
var ABORT_KILL_MS = 1e4;
var ExecError = class extends Error {
  constructor(message, argv, exitCode, stderrTail) {
    super(message);
    this.argv = argv;
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
    this.name = "ExecError";
  }
  argv;
  exitCode;
  stderrTail;
};
function execCommand(argv, opts = {}) {
  const [file, ...args] = argv;
  if (!file) throw new ExecError("empty command", argv, null, []);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ?? dockerChildEnv(),
      stdio: ["ignore", "pipe", "pipe"]
    });
    const stdoutChunks = [];
    const stderrTail = [];
    let open = 2;
    let exit = null;
    const finish = () => {
      if (open > 0 || !exit) return;
      resolve({
        exitCode: exit.code ?? 128,
        signal: exit.signal,
        stdout: stdoutChunks.join(""),
        stderrTail,
        seconds: (performance.now() - started) / 1e3
      });
    };
    const closed = () => {
      open--;
      finish();
    };
    eachLine(
      child.stdout,
      (line) => {
        if (opts.captureStdout) stdoutChunks.push(line, "\n");
        opts.onStdoutLine?.(line);
      },
      closed
    );
    eachLine(
      child.stderr,
      (line) => {
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
        opts.onStderrLine?.(line);
      },
      closed
    );
    child.on("error", (e) => {
      const why = e.code === "ENOENT" ? `${file}: command not found` : e.message;
      reject(new ExecError(why, argv, null, []));
    });
    const abort = () => {
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), ABORT_KILL_MS).unref();
    };
    if (opts.signal?.aborted) abort();
    else opts.signal?.addEventListener("abort", abort, { once: true });
    child.on("close", (code, signal) => {
      opts.signal?.removeEventListener("abort", abort);
      exit = { code, signal };
      finish();
    });
  });
}
function eachLine(stream, onLine, onClose) {
  const splitter = createLineSplitter(onLine);
  stream.setEncoding("utf8");
  stream.on("data", (chunk) => splitter.push(chunk));
  stream.on("close", () => {
    splitter.end();
    onClose();
  });
}
async function execText(argv, opts = {}) {
  const r = await execCommand(argv, { ...opts, captureStdout: true });
  if (r.exitCode !== 0) {
    const detail = r.stderrTail.filter((l) => l.trim()).slice(-3).join(" / ");
    throw new ExecError(
      `\`${argv.slice(0, 3).join(" ")}\` exited with ${r.exitCode}${detail ? `: ${detail}` : ""}`,
      argv,
      r.exitCode,
      r.stderrTail
    );
  }
  return r.stdout;
}
function resolveExecutable(file, searchPath = process.env.PATH ?? "") {
  if (file.includes("/")) return file;
  for (const dir of searchPath.split(delimiter)) {
    const candidate = join(dir || ".", file);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
    }
  }
  return file;
}

// src/docker/early-info.ts
var INFO_FORMAT = '{"server":{{json .ServerVersion}},"driver":{{json .Driver}},"driverStatus":{{json .DriverStatus}},"client":{{json .ClientInfo}}}';
var early = null;
function startEarlyInfo(docker = "docker", env = dockerChildEnv()) {
  const text = execText([docker, "info", "--format", INFO_FORMAT], { env });
  text.catch(() => void 0);
  early = { docker, env: JSON.stringify(env), text };
}
function dockerInfo(docker, env, signal) {
  const e = early;
  early = null;
  if (e && e.docker === docker && e.env === JSON.stringify(env)) return e.text;
  return execText([docker, "info", "--format", INFO_FORMAT], { env, signal });
}

export {
  __require,
  __esm,
  __commonJS,
  __export,
  __toESM,
  __toCommonJS,
  WINDOWS_BASE,
  DOCKER_ENV_ALLOWLIST,
  LOCALE,
  PASS_ENV_VARIABLE,
  dockerChildEnv,
  pickEnv,
  createLineSplitter,
  ExecError,
  execCommand,
  execText,
  resolveExecutable,
  startEarlyInfo,
  dockerInfo
};
