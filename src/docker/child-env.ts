// The environment every docker (and buildx) child gets: an allowlist, never the tool's whole
// environment. In the Action that environment holds the job's tokens (INPUT_GITHUB-TOKEN,
// GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN, often NPM_TOKEN or cloud
// keys); docker passes its own environment on to the buildx plugin, credential helpers and `ssh`,
// none of which needs them. A build's RUN steps never see the client's environment at all: they
// get only what --build-arg, --secret and --ssh hand over explicitly.
//
// What passes, and why (names checked against the docker CLI and buildx sources, `os.Getenv` /
// `os.LookupEnv`, and https://docs.docker.com/build/building/variables/):
// - finding programs and files: PATH, HOME, TMPDIR, the XDG base directories, and the Windows
//   equivalents (the Go runtime needs SystemRoot for networking there);
// - locale and terminal: LANG, LANGUAGE, LC_*, TZ, TERM, NO_COLOR;
// - the daemon and TLS: DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG, DOCKER_CERT_PATH, DOCKER_TLS,
//   DOCKER_TLS_VERIFY, DOCKER_API_VERSION, DOCKER_CUSTOM_HEADERS, SSL_CERT_FILE, SSL_CERT_DIR;
// - proxies, both spellings (Go reads HTTP_PROXY and http_proxy alike);
// - what the user set to shape the build they measure, so the benchmark builds what their own
//   `docker build` builds: DOCKER_BUILDKIT, DOCKER_DEFAULT_PLATFORM, DOCKER_CLI_EXPERIMENTAL,
//   DOCKER_CONTENT_TRUST(_SERVER), DOCKER_AUTH_CONFIG (registry credentials meant for docker),
//   BUILDKIT_HOST/COLORS/PROGRESS/TTY_LOG_LINES/NO_CLIENT_TOKEN, BUILDX_BUILDER, BUILDX_CONFIG,
//   BUILDX_EXPERIMENTAL, BUILDX_GIT_*, BUILDX_METADATA_WARNINGS, BUILDX_NO_DEFAULT_ATTESTATIONS,
//   BUILDX_NO_DEFAULT_OCI_ARTIFACT, BUILDX_DEFAULT_POLICY, BUILDX_SEND_GIT_QUERY_AS_INPUT,
//   BUILDX_BAKE_ENTITLEMENTS_FS, BUILDX_BAKE_DISABLE_VARS_ENV_LOOKUP, BAKE_ALLOW_REMOTE_FS_ACCESS,
//   EXPERIMENTAL_BUILDKIT_SOURCE_POLICY, SOURCE_DATE_EPOCH (buildx turns it into a build arg);
// - drivers and credential helpers: KUBECONFIG (kubernetes driver), WSL_DISTRO_NAME (socket
//   paths on WSL), SUDO_UID/SUDO_GID (buildx hands its config dir back to the sudo user),
//   DBUS_SESSION_BUS_ADDRESS (docker-credential-secretservice), PASSWORD_STORE_DIR and GNUPGHOME
//   (docker-credential-pass);
// - SSH_AUTH_SOCK only when docker talks over ssh (DOCKER_HOST=ssh://…) or the build was given
//   --ssh;
// - the variables the tool itself sets for one command (build-arg values, inline secret values),
//   and the ones the user named for docker to read (`--secret id=x,env=NAME`, `DOCKER_CACHE_BENCH_PASS_ENV`).
// Left out on purpose: every other DOCKER_*/BUILDX_* name (DOCKER_CONTENT_TRUST_*_PASSPHRASE,
// BUILDX_BAKE_GIT_AUTH_TOKEN: the tool signs nothing and reads no remote bake file),
// BUILDX_NO_DEFAULT_LOAD (the tool needs its image in the store), ACTIONS_RUNTIME_TOKEN /
// ACTIONS_CACHE_URL (buildx reads them only for `type=gha` caches, which the tool never uses),
// GITHUB_* (buildx only copies them into provenance), OTEL_* (tracing; its headers carry tokens),
// cloud credentials (AWS_*, GOOGLE_*): a credential helper that needs them is named by the user
// in DOCKER_CACHE_BENCH_PASS_ENV.

/** Passed whenever set. Exact names; matched case-insensitively on Windows, as its environment is. */
/** Windows: where home, temp and the system are (Git for Windows reads its system config under PROGRAMDATA). */
export const WINDOWS_BASE: readonly string[] = [
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
  "TMP",
];

export const DOCKER_ENV_ALLOWLIST: readonly string[] = [
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
  "GNUPGHOME",
];

/** Locale categories (LC_ALL, LC_CTYPE, …). */
export const LOCALE = /^LC_[A-Z]+$/;

/** Extra names the user lets through, comma- or space-separated (e.g. AWS_PROFILE for docker-credential-ecr-login). */
export const PASS_ENV_VARIABLE = "DOCKER_CACHE_BENCH_PASS_ENV";

export interface ChildEnvOptions {
  /** Variables the tool sets for this command (they win over inherited ones of the same name). */
  set?: Readonly<Record<string, string>>;
  /** Names to pass from `source` besides the allowlist (a `--secret env=NAME`, SSH_AUTH_SOCK for --ssh). */
  pass?: readonly string[];
}

/** Names passed from `source` for a docker child: the allowlist, the user's extra names and `pass`. */
export function passedNames(source: NodeJS.ProcessEnv, pass: readonly string[] = []): Set<string> {
  const names = new Set<string>([...DOCKER_ENV_ALLOWLIST, ...pass]);
  for (const name of (source[PASS_ENV_VARIABLE] ?? "").split(/[\s,]+/)) if (name) names.add(name);
  if (/^ssh:\/\//i.test(source.DOCKER_HOST ?? "")) names.add("SSH_AUTH_SOCK");
  return names;
}

/** The environment for a docker or buildx child process (see the top of this file). */
export function dockerChildEnv(
  source: NodeJS.ProcessEnv = process.env,
  opts: ChildEnvOptions = {},
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  return { ...pickEnv(source, passedNames(source, opts.pass), [LOCALE], platform), ...opts.set };
}

/**
 * The variables of `source` named in `names` or matching one of `patterns`. Names are matched
 * case-insensitively on Windows, as its environment is.
 */
export function pickEnv(
  source: NodeJS.ProcessEnv,
  names: ReadonlySet<string>,
  patterns: readonly RegExp[],
  platform: NodeJS.Platform,
): Record<string, string> {
  const windows = platform === "win32";
  const wanted = windows ? new Set([...names].map((n) => n.toUpperCase())) : names;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (wanted.has(windows ? name.toUpperCase() : name) || patterns.some((p) => p.test(name)))
      out[name] = value;
  }
  return out;
}
