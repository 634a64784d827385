// A loopback stand-in for the slice of GitHub's REST API the sticky comment and the PR lookup use,
// so tests can drive a real @actions/github octokit (its auth, request and pagination code) on a
// machine that cannot reach GitHub. Behaviours and simplifications are listed in README.md.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiState } from "./state.js";
import type { Seed, StoredComment, TokenSpec } from "./state.js";

export type { AccountType, Seed, SeedComment, SeedPull, TokenSpec } from "./state.js";

export interface GitHubApiOptions {
  /** The one repository this server knows; other owner/repo paths get 404. Default "acme/widgets". */
  repo?: string;
  /** Accepted tokens, keyed by the token string. Anything else gets 401 Bad credentials. */
  tokens?: Record<string, TokenSpec>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Characters in the request body (0 for none). */
  bodyLength: number;
  /** The token's login, or null when unauthenticated or unknown. */
  login: string | null;
}

/** An answer forced onto matching requests (e.g. a secondary rate limit), until cleared. */
export interface Fault {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export interface GitHubApi {
  /** Base URL for octokit (`baseUrl`), with no trailing slash, like https://api.github.com. */
  url: string;
  repo: { owner: string; repo: string };
  seed(seed: Seed): void;
  addToken(token: string, spec: TokenSpec): void;
  /** The comments on an issue as GitHub would list them (oldest first), rendered. */
  comments(issue: number): { id: number; body: string; user: { login: string; type: string } }[];
  requests(): RecordedRequest[];
  clearRequests(): void;
  fail(method: string, path: RegExp, fault: Fault | undefined): void;
  stop(): Promise<void>;
}

/** GitHub's documented cap; it rejects longer bodies with 422 (see README on the unit). */
export const MAX_BODY_CHARS = 65_536;
const MAX_REQUEST_BYTES = 1 << 20;
const DOCS = "https://docs.github.com/rest";

class HttpFault extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body["message"]));
  }
}
const fault = (status: number, message: string, doc = DOCS, extra: Record<string, unknown> = {}): HttpFault =>
  new HttpFault(status, { message, documentation_url: doc, ...extra, status: String(status) });

interface Ctx {
  method: string;
  repoId: number;
  url: URL;
  token: TokenSpec | null;
  body: unknown;
  /** Path segments after /repos/{owner}/{repo} or /repositories/{id}. */
  rest: string[] | null;
  setHeader(name: string, value: string): void;
}

export async function startGitHubApi(opts: GitHubApiOptions = {}): Promise<GitHubApi> {
  const tokens = new Map(Object.entries(opts.tokens ?? {}));
  const calls: RecordedRequest[] = [];
  const faults: { method: string; path: RegExp; fault: Fault }[] = [];
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state = new ApiState(opts.repo ?? "acme/widgets", tokens, `${url}/`);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reqUrl = new URL(req.url ?? "/", url);
    const call: RecordedRequest = {
      method: req.method ?? "GET",
      path: reqUrl.pathname,
      query: Object.fromEntries(reqUrl.searchParams),
      status: 0,
      bodyLength: 0,
      login: null,
    };
    calls.push(call);
    const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
    const reply = (status: number, payload: unknown): void => {
      call.status = status;
      res.writeHead(status, headers).end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    try {
      const raw = await readBody(req);
      call.bodyLength = raw.length;
      const token = authenticate(req.headers.authorization, tokens);
      call.login = token?.login ?? null;
      const injected = faults.find((f) => f.method === call.method && f.path.test(call.path));
      if (injected)
        throw new HttpFault(
          injected.fault.status,
          { message: injected.fault.message },
          injected.fault.headers,
        );
      const ctx: Ctx = {
        method: call.method,
        repoId: state.repoId,
        url: reqUrl,
        token,
        body: raw ? parseJson(raw) : undefined,
        rest: repoPath(reqUrl.pathname, state),
        setHeader: (name, value) => void (headers[name] = value),
      };
      const answer = route(ctx, state);
      reply(answer.status, answer.body);
    } catch (error) {
      if (!(error instanceof HttpFault)) return reply(500, { message: String(error) });
      Object.assign(headers, error.headers);
      reply(error.status, error.body);
    }
  }

  return {
    url,
    repo: { owner: state.owner, repo: state.name },
    seed: (seed) => state.seed(seed),
    addToken: (token, spec) => void tokens.set(token, spec),
    comments: (issue) =>
      state.issueComments(issue).map((c) => {
        const r = state.renderComment(c) as { user: { login: string; type: string } };
        return { id: c.id, body: c.body, user: { login: r.user.login, type: r.user.type } };
      }),
    requests: () => calls.map((c) => ({ ...c, query: { ...c.query } })),
    clearRequests: () => void calls.splice(0),
    fail: (method, path, f) => {
      const i = faults.findIndex((x) => x.method === method && x.path.source === path.source);
      if (i >= 0) faults.splice(i, 1);
      if (f) faults.push({ method, path, fault: f });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Answer {
  status: number;
  body: unknown;
}
const ok = (body: unknown): Answer => ({ status: 200, body });

function route(ctx: Ctx, state: ApiState): Answer {
  const { method, rest } = ctx;
  if (method === "GET" && ctx.url.pathname === "/user") return ok(getUser(ctx, state));
  if (!rest) throw fault(404, "Not Found");
  const [a, b, c, d] = rest;
  if (a === "issues" && b && c === "comments" && d === undefined) {
    const issue = Number(b);
    if (!state.hasIssue(issue)) throw fault(404, "Not Found", `${DOCS}/issues/comments#list-issue-comments`);
    if (method === "GET")
      return ok(
        paginate(
          ctx,
          state.issueComments(issue).map((x) => state.renderComment(x)),
        ),
      );
    if (method === "POST") {
      const { login, body } = requireWrite(ctx, "create-an-issue-comment");
      return { status: 201, body: state.renderComment(state.addComment(issue, login, body)) };
    }
  }
  if (a === "issues" && b === "comments" && c && d === undefined && method === "PATCH") {
    const comment: StoredComment | undefined = state.findComment(Number(c));
    if (!comment) throw fault(404, "Not Found", `${DOCS}/issues/comments#update-an-issue-comment`);
    // Like GitHub, write access is enough to edit anyone's comment: author matching is the client's job.
    state.updateComment(comment, requireWrite(ctx, "update-an-issue-comment").body);
    return ok(state.renderComment(comment));
  }
  if (method === "GET" && a === "pulls" && b === undefined) {
    const pulls = state.pullList(ctx.url.searchParams.get("state") ?? "open");
    return ok(
      paginate(
        ctx,
        pulls.map((p) => state.renderPull(p)),
      ),
    );
  }
  if (method === "GET" && a === "pulls" && b && c === undefined) {
    const pull = state.pull(Number(b));
    if (!pull) throw fault(404, "Not Found", `${DOCS}/pulls/pulls#get-a-pull-request`);
    return ok(state.renderPull(pull));
  }
  if (method === "GET" && a === "commits" && b && c === "pulls" && d === undefined) {
    return ok(commitPulls(ctx, state, b));
  }
  throw fault(404, "Not Found");
}

function getUser(ctx: Ctx, state: ApiState): unknown {
  if (!ctx.token)
    throw fault(401, "Requires authentication", `${DOCS}/users/users#get-the-authenticated-user`);
  // An installation token (GITHUB_TOKEN, a GitHub App's) acts as no user, so GitHub refuses /user.
  if (ctx.token.kind === "installation") {
    throw fault(
      403,
      "Resource not accessible by integration",
      `${DOCS}/users/users#get-the-authenticated-user`,
    );
  }
  return state.renderUser(state.user(ctx.token.login, ctx.token.type));
}

/** GitHub answers PRs only for commits on this repository's branches; a fork's head commit gives []. */
function commitPulls(ctx: Ctx, state: ApiState, sha: string): unknown {
  const pulls = state.pullList("all");
  if (!pulls.some((p) => p.headSha === sha || p.baseSha === sha)) {
    throw fault(
      422,
      `No commit found for SHA: ${sha}`,
      `${DOCS}/commits/commits#list-pull-requests-associated-with-a-commit`,
    );
  }
  const own = pulls.filter((p) => p.headSha === sha && !p.forkOwner).map((p) => state.renderPull(p));
  return paginate(ctx, own);
}

function requireWrite(ctx: Ctx, doc: string): { login: string; body: string } {
  const docUrl = `${DOCS}/issues/comments#${doc}`;
  if (!ctx.token) throw fault(401, "Requires authentication", docUrl);
  if (ctx.token.permissions !== "write") {
    const who = ctx.token.kind === "installation" ? "integration" : "personal access token";
    throw fault(403, `Resource not accessible by ${who}`, docUrl);
  }
  const body = (ctx.body as { body?: unknown } | undefined)?.body;
  if (typeof body !== "string") throw fault(422, 'Invalid request.\n\n"body" wasn\'t supplied.', docUrl);
  if ([...body].length > MAX_BODY_CHARS) {
    throw fault(422, "Validation Failed", docUrl, {
      errors: [
        {
          resource: "IssueComment",
          code: "unprocessable",
          field: "data",
          message: `Body is too long (maximum is ${MAX_BODY_CHARS} characters)`,
        },
      ],
    });
  }
  return { login: ctx.token.login, body };
}

/** per_page (default 30, at most 100) and page, with GitHub's Link header on /repositories/{id}/ URLs. */
function paginate<T>(ctx: Ctx, items: T[]): T[] {
  const q = ctx.url.searchParams;
  const perPage = Math.min(100, Math.max(1, Number(q.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(q.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  if (last > 1) {
    const rest = ctx.url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, "");
    const link = (p: number, rel: string): string => {
      const u = new URL(ctx.url.href);
      u.pathname = ctx.url.pathname.startsWith("/repos/") ? `/repositories/${ctx.repoId}${rest}` : u.pathname;
      u.searchParams.set("page", String(p));
      return `<${u.href}>; rel="${rel}"`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(link(page - 1, "prev"));
    if (page < last) rels.push(link(page + 1, "next"), link(last, "last"));
    if (page > 1) rels.push(link(1, "first"));
    ctx.setHeader("Link", rels.join(", "));
  }
  return items.slice((page - 1) * perPage, page * perPage);
}

/** The segments after /repos/{owner}/{repo} or /repositories/{id}, or null for another repository. */
function repoPath(pathname: string, state: ApiState): string[] | null {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "repos" && parts[1] === state.owner && parts[2] === state.name) return parts.slice(3);
  if (parts[0] === "repositories" && parts[1] === String(state.repoId)) return parts.slice(2);
  return null;
}

function authenticate(header: string | undefined, tokens: Map<string, TokenSpec>): TokenSpec | null {
  if (!header) return null;
  const match = /^(token|bearer)\s+(\S+)$/i.exec(header);
  const spec = match?.[2] ? tokens.get(match[2]) : undefined;
  if (!spec) throw fault(401, "Bad credentials");
  return spec;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) req.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw fault(400, "Problems parsing JSON");
  }
}
