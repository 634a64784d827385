// The environment of every git child (the `baseline: build` worktree of the base commit: cat-file,
// remote, rev-parse, fetch, worktree add/list/remove, reset): an allowlist, as docker's (src/docker/
// child-env.ts), never the tool's whole environment. In the Action that environment holds the
// job's tokens (INPUT_GITHUB-TOKEN, GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*,
// often NPM_TOKEN or cloud keys); git hands its environment on to ssh, credential helpers, hooks
// and filters (git-lfs), none of which needs them. The credentials a fetch of the base commit uses
// are where actions/checkout puts them: the repository's own config (`http.<url>.extraheader`,
// persist-credentials), read from the repository, not from the environment.
//
// What passes, and why (names from git(1) "ENVIRONMENT VARIABLES", git-config(1) and http.c):
// - finding programs and config: PATH, HOME (~/.gitconfig, ~/.git-credentials, ~/.ssh),
//   XDG_CONFIG_HOME (~/.config/git/config), TMPDIR, GIT_EXEC_PATH, and Windows' equivalents;
// - locale: LANG, LANGUAGE, LC_* (git's messages; the tool reads only exit codes and stderr tails);
// - git configuration the user gave through the environment, meant for git: GIT_CONFIG_GLOBAL,
//   GIT_CONFIG_SYSTEM, GIT_CONFIG_NOSYSTEM, GIT_CONFIG_COUNT with GIT_CONFIG_KEY_n/VALUE_n, and
//   GIT_CONFIG_PARAMETERS (`git -c` of an outer git); a token given to git this way is for git;
// - transport: GIT_SSH, GIT_SSH_COMMAND, GIT_SSH_VARIANT, SSH_AUTH_SOCK (an ssh remote with an
//   agent, e.g. webfactory/ssh-agent), GIT_ASKPASS and SSH_ASKPASS (a helper program the user set;
//   GIT_TERMINAL_PROMPT=0 only stops the terminal prompt), proxies (libcurl reads http_proxy,
//   HTTPS_PROXY, ALL_PROXY, NO_PROXY), TLS (GIT_SSL_*, GIT_PROXY_SSL_*, SSL_CERT_FILE/DIR,
//   CURL_CA_BUNDLE), GIT_HTTP_* tuning, GIT_ALLOW_PROTOCOL and GIT_PROTOCOL_FROM_USER (limits the
//   user put on transports are kept);
// - GIT_LFS_SKIP_SMUDGE: a user who keeps LFS objects out of checkouts keeps them out of ours;
// - names listed in DOCKER_CACHE_BENCH_PASS_ENV, as for docker (e.g. GH_TOKEN for a
//   `gh auth git-credential` helper).
// Left out on purpose: GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY,
// GIT_COMMON_DIR, GIT_NAMESPACE and the rest of the repository-locating variables (every git call
// names its repository with -C; set by a hook around the tool, they would point git at another
// repository); GIT_TRACE* (a trace goes to stderr, whose tail ends up in error messages);
// GIT_AUTHOR_*/GIT_COMMITTER_* (nothing is committed); and every other name: GITHUB_*, INPUT_*,
// ACTIONS_*, RUNNER_*, NODE_*, LD_*, cloud credentials.
import { LOCALE, PASS_ENV_VARIABLE, pickEnv, WINDOWS_BASE } from "../docker/child-env.js";

/** Passed whenever set. Exact names; matched case-insensitively on Windows. */
export const GIT_ENV_ALLOWLIST: readonly string[] = [
  "PATH",
  "HOME",
  "XDG_CONFIG_HOME",
  "TMPDIR",
  "GIT_EXEC_PATH",
  ...WINDOWS_BASE,
  "LANG",
  "LANGUAGE",
  "GIT_CONFIG_GLOBAL",
  "GIT_CONFIG_SYSTEM",
  "GIT_CONFIG_NOSYSTEM",
  "GIT_CONFIG_COUNT",
  "GIT_CONFIG_PARAMETERS",
  "GIT_SSH",
  "GIT_SSH_COMMAND",
  "GIT_SSH_VARIANT",
  "SSH_AUTH_SOCK",
  "GIT_ASKPASS",
  "SSH_ASKPASS",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "GIT_PROXY_COMMAND",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "CURL_CA_BUNDLE",
  "GIT_ALLOW_PROTOCOL",
  "GIT_PROTOCOL_FROM_USER",
  "GIT_LFS_SKIP_SMUDGE",
];

/** `git -c` pairs given through the environment; TLS, proxy TLS and HTTP settings. */
const GIT_PATTERNS = [
  LOCALE,
  /^GIT_CONFIG_(KEY|VALUE)_\d+$/,
  /^GIT_(PROXY_)?SSL_[A-Z_]+$/,
  /^GIT_HTTP_[A-Z_]+$/,
];

/** The environment for a git child (see the top of this file); git never prompts for credentials. */
export function gitChildEnv(
  source: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  const names = new Set(GIT_ENV_ALLOWLIST);
  for (const name of (source[PASS_ENV_VARIABLE] ?? "").split(/[\s,]+/)) if (name) names.add(name);
  // Nobody could answer a credential prompt on a runner: the job would hang.
  return { ...pickEnv(source, names, GIT_PATTERNS, platform), GIT_TERMINAL_PROMPT: "0" };
}
