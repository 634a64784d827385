// A loopback stand-in for the slice of GitHub's REST API the sticky comment and the PR lookup use,
// so tests can drive a real @actions/github octokit (its auth, request and pagination code) on a
// machine that cannot reach GitHub. Behaviours and simplifications are listed in README.md.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "../read-body.js";
import { ApiState } from "./state.js";
import type { Seed, TokenSpec } from "./state.js";
import { HttpFault, authenticate, parseJson, repoPath, route } from "./routes.js";
import type { Ctx } from "./routes.js";

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
  /** Only the next `times` matching requests (then the fault clears itself); default: all. */
  times?: number;
  /** Accept the request and never answer (the connection stays open until stop()). */
  hang?: boolean;
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

export { MAX_BODY_CHARS } from "./routes.js";

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
  const state = new ApiState(opts.repo ?? "acme/widgets", `${url}/`);

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
      if (injected?.fault.times !== undefined && --injected.fault.times <= 0)
        faults.splice(faults.indexOf(injected), 1);
      if (injected?.fault.hang) {
        call.status = -1;
        return;
      }
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
      if (f) faults.push({ method, path, fault: { ...f } });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
