// The loopback GitHub API's routes: authentication, the endpoints, pagination and GitHub's error
// bodies. Pure request → answer over ApiState; server.ts does the HTTP.
import type { ApiState, StoredComment, TokenSpec } from "./state.js";

/** GitHub's documented cap, in code points; it rejects longer bodies with 422 (README: the unit). */
export const MAX_BODY_CHARS = 65_536;
const DOCS = "https://docs.github.com/rest";

export class HttpFault extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body["message"]));
  }
}
export const fault = (
  status: number,
  message: string,
  doc = DOCS,
  extra: Record<string, unknown> = {},
): HttpFault => new HttpFault(status, { message, documentation_url: doc, ...extra, status: String(status) });

export interface Ctx {
  method: string;
  repoId: number;
  url: URL;
  token: TokenSpec | null;
  body: unknown;
  /** Path segments after /repos/{owner}/{repo} or /repositories/{id}. */
  rest: string[] | null;
  setHeader(name: string, value: string): void;
}

export interface Answer {
  status: number;
  body: unknown;
}
const ok = (body: unknown): Answer => ({ status: 200, body });

export function route(ctx: Ctx, state: ApiState): Answer {
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
      state.user(login, ctx.token?.type); // registers the account with the token's type
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
export function repoPath(pathname: string, state: ApiState): string[] | null {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "repos" && parts[1] === state.owner && parts[2] === state.name) return parts.slice(3);
  if (parts[0] === "repositories" && parts[1] === String(state.repoId)) return parts.slice(2);
  return null;
}

export function authenticate(header: string | undefined, tokens: Map<string, TokenSpec>): TokenSpec | null {
  if (!header) return null;
  const match = /^(token|bearer)\s+(\S+)$/i.exec(header);
  const spec = match?.[2] ? tokens.get(match[2]) : undefined;
  if (!spec) throw fault(401, "Bad credentials");
  return spec;
}

export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw fault(400, "Problems parsing JSON");
  }
}
