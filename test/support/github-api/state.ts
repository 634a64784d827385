// The loopback GitHub API's data: one repository, its users, pull requests and issue
// comments, rendered in the shapes GitHub's REST API returns. No HTTP here; see server.ts.

export type AccountType = "User" | "Bot";

/** What a token stands for. `kind` decides what GET /user does (an installation token gets 403). */
export interface TokenSpec {
  login: string;
  type: AccountType;
  permissions: "write" | "read";
  kind: "installation" | "pat";
}

export interface SeedComment {
  issue: number;
  /** A login; `type` defaults to Bot for logins ending in "[bot]", else User. */
  author: string | { login: string; type: AccountType };
  body: string;
}

export interface SeedPull {
  number: number;
  headSha: string;
  headRef: string;
  baseRef?: string;
  baseSha?: string;
  state?: "open" | "closed";
  /** Owner of the head repository when it is a fork of this one (e.g. "contributor"). */
  forkOwner?: string;
}

export interface Seed {
  comments?: SeedComment[];
  pulls?: SeedPull[];
  /** Issue numbers that exist without comments or a pull request. */
  issues?: number[];
}

export interface StoredComment {
  id: number;
  issue: number;
  login: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoredPull {
  id: number;
  number: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  baseSha: string;
  state: "open" | "closed";
  forkOwner: string | undefined;
}

interface StoredUser {
  id: number;
  login: string;
  type: AccountType;
}

/** Fixed starting points so two runs of a test see the same ids and timestamps. */
const FIRST_COMMENT_ID = 1_000_001;
const FIRST_USER_ID = 5_001;
const FIRST_PULL_ID = 9_000_001;
const EPOCH = Date.parse("2024-05-01T12:00:00Z");

export class ApiState {
  readonly repoId = 123_456_789;
  readonly owner: string;
  readonly name: string;
  private readonly users = new Map<string, StoredUser>();
  private readonly comments: StoredComment[] = [];
  private readonly pulls = new Map<number, StoredPull>();
  private readonly issues = new Set<number>();
  private nextCommentId = FIRST_COMMENT_ID;
  private ticks = 0;

  constructor(
    fullName: string,
    readonly publicUrl: string,
  ) {
    const [owner, name] = fullName.split("/");
    if (!owner || !name) throw new Error(`repo must be "owner/name", got ${fullName}`);
    this.owner = owner;
    this.name = name;
  }

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /** Each write moves the clock one minute, so created_at/updated_at order like ids do. */
  private now(): string {
    return new Date(EPOCH + 60_000 * this.ticks++).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  user(login: string, type?: AccountType): StoredUser {
    let user = this.users.get(login);
    if (!user) {
      user = {
        id: FIRST_USER_ID + this.users.size,
        login,
        type: type ?? (login.endsWith("[bot]") ? "Bot" : "User"),
      };
      this.users.set(login, user);
    }
    return user;
  }

  seed(seed: Seed): void {
    for (const n of seed.issues ?? []) this.issues.add(n);
    for (const p of seed.pulls ?? []) {
      if (this.pulls.has(p.number)) throw new Error(`pull #${p.number} is already seeded`);
      this.pulls.set(p.number, {
        id: FIRST_PULL_ID + p.number,
        number: p.number,
        headSha: p.headSha,
        headRef: p.headRef,
        baseRef: p.baseRef ?? "main",
        baseSha: p.baseSha ?? "b".repeat(40),
        state: p.state ?? "open",
        forkOwner: p.forkOwner,
      });
      this.issues.add(p.number);
    }
    for (const c of seed.comments ?? []) {
      const author =
        typeof c.author === "string" ? this.user(c.author) : this.user(c.author.login, c.author.type);
      this.addComment(c.issue, author.login, c.body);
    }
  }

  hasIssue(n: number): boolean {
    return this.issues.has(n);
  }

  addComment(issue: number, login: string, body: string): StoredComment {
    this.issues.add(issue);
    const at = this.now();
    this.user(login);
    const comment = {
      id: this.nextCommentId++,
      issue,
      login,
      body,
      createdAt: at,
      updatedAt: at,
    };
    this.comments.push(comment);
    return comment;
  }

  updateComment(comment: StoredComment, body: string): void {
    comment.body = body;
    comment.updatedAt = this.now();
  }

  findComment(id: number): StoredComment | undefined {
    return this.comments.find((c) => c.id === id);
  }

  /** GitHub lists issue comments oldest first (ascending id). */
  issueComments(issue: number): StoredComment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  pull(n: number): StoredPull | undefined {
    return this.pulls.get(n);
  }

  /** GitHub's default order for GET /pulls is newest first. */
  pullList(state: string): StoredPull[] {
    const all = [...this.pulls.values()].sort((a, b) => b.number - a.number);
    return state === "all" ? all : all.filter((p) => p.state === state);
  }

  renderUser(user: StoredUser): Record<string, unknown> {
    return {
      login: user.login,
      id: user.id,
      node_id: `U_${user.id}`,
      type: user.type,
      site_admin: false,
      html_url: `https://github.com/${user.login.replace("[bot]", "")}`,
    };
  }

  renderComment(c: StoredComment): Record<string, unknown> {
    const user = this.users.get(c.login);
    const kind = this.pulls.has(c.issue) ? "pull" : "issues";
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.publicUrl}repos/${this.fullName}/issues/comments/${c.id}`,
      html_url: `https://github.com/${this.fullName}/${kind}/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.publicUrl}repos/${this.fullName}/issues/${c.issue}`,
      body: c.body,
      user: user ? this.renderUser(user) : null,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: user?.type === "Bot" ? "NONE" : "CONTRIBUTOR",
    };
  }

  renderPull(p: StoredPull): Record<string, unknown> {
    const base = this.renderRepo(this.owner, false);
    const head = p.forkOwner ? this.renderRepo(p.forkOwner, true) : base;
    const headOwner = p.forkOwner ?? this.owner;
    return {
      id: p.id,
      number: p.number,
      state: p.state,
      title: `Pull request #${p.number}`,
      html_url: `https://github.com/${this.fullName}/pull/${p.number}`,
      url: `${this.publicUrl}repos/${this.fullName}/pulls/${p.number}`,
      user: this.renderUser(this.user(headOwner)),
      head: { label: `${headOwner}:${p.headRef}`, ref: p.headRef, sha: p.headSha, repo: head },
      base: { label: `${this.owner}:${p.baseRef}`, ref: p.baseRef, sha: p.baseSha, repo: base },
      created_at: new Date(EPOCH - 86_400_000 + p.number * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    };
  }

  private renderRepo(owner: string, fork: boolean): Record<string, unknown> {
    return {
      id: fork ? this.repoId + this.user(owner).id : this.repoId,
      name: this.name,
      full_name: `${owner}/${this.name}`,
      fork,
      owner: this.renderUser(this.user(owner)),
    };
  }
}
