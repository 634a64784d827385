// attachHistory's decisions with a fake restore; the real cache round trip over five pushes is in
// test/engine/trend.test.ts.
import { describe, expect, it, vi } from "vitest";
import { attachHistory } from "../../src/action/history.js";
import type { RunContext } from "../../src/action/context.js";
import { parseEvent } from "../../src/action/event.js";
import type { RestoreBaselineResult } from "../../src/baseline/index.js";
import { parseInputs } from "../../src/inputs.js";
import { pointOf } from "../../src/report/history.js";
import { makeReport, step } from "../support/report.js";
import { DEFAULTS } from "./defaults.js";

const SHA = "b".repeat(40);
const BEFORE = "a".repeat(40);

function context(eventName: string, inputs: Partial<typeof DEFAULTS> = {}): RunContext {
  return {
    inputs: parseInputs({ ...DEFAULTS, ...inputs }),
    event: parseEvent(
      eventName,
      { before: BEFORE, repository: { default_branch: "main" } },
      SHA,
      "refs/heads/main",
    ),
    workspace: "/ws",
    repo: { owner: "acme", repo: "widgets" },
    summaryUrl: null,
    apiUrl: "https://api.github.com",
    runnerTemp: "/tmp",
    pr: null,
    notRestored: [],
  };
}

function head() {
  const r = makeReport({ warm: [step("RUN make", "done", 1, 4)], coldSeconds: 40 });
  r.source = { commit: SHA, branch: "main", pullRequest: null, baseCommit: null, baseBranch: null };
  return r;
}

function previous(commit: string): RestoreBaselineResult {
  const r = makeReport({ warm: [step("RUN make", "done", 1, 4)], coldSeconds: 30 });
  r.source = { commit, branch: "main", pullRequest: null, baseCommit: null, baseBranch: null };
  return { report: r, key: `k:${commit}`, commit, exact: false };
}

describe("attachHistory", () => {
  it("a push that saves a baseline continues the branch's history from the restored one", async () => {
    const restore = vi.fn(() => Promise.resolve(previous(BEFORE)));
    const h = head();
    await attachHistory(context("push"), h, true, restore);
    expect(restore).toHaveBeenCalledWith(
      expect.objectContaining({ branch: "main", commit: SHA, benchmarkId: "." }),
    );
    expect(h.history?.map((p) => [p.commit, p.status])).toEqual([
      [BEFORE, "measured"],
      [SHA, "measured"],
    ]);
  });

  it("the restored baseline is older than the push before: a gap at that push", async () => {
    const h = head();
    await attachHistory(context("push"), h, true, () => Promise.resolve(previous("c".repeat(40))));
    expect(h.history?.map((p) => p.status)).toEqual(["measured", "missing", "measured"]);
    expect(h.history?.[1]?.commit).toBe(BEFORE);
  });

  it("a restore that fails starts the history at this push", async () => {
    const h = head();
    await attachHistory(context("push"), h, true, () =>
      Promise.resolve({ report: null, warning: "no baseline restored: cache service down" }),
    );
    expect(h.history).toEqual([pointOf(h, "uncompressed")]);
  });

  it("stores the size of size-kind with its kind", async () => {
    const h = head();
    await attachHistory(context("push", { "size-kind": "compressed" }), h, true, () =>
      Promise.resolve({ report: null, warning: null }),
    );
    expect(h.history?.[0]).toMatchObject({ sizeKind: "compressed", sizeBytes: null });
  });

  it.each([
    { name: "a pull request", event: "pull_request", saves: false, inputs: {} },
    { name: "a push that saves nothing", event: "push", saves: false, inputs: {} },
    { name: "baseline: build", event: "push", saves: true, inputs: { baseline: "build" } },
    { name: "history-length: 0", event: "push", saves: true, inputs: { "history-length": "0" } },
  ])("$name: no history, no restore", async ({ event, saves, inputs }) => {
    const restore = vi.fn(() => Promise.resolve(previous(BEFORE)));
    const h = head();
    await attachHistory(context(event, inputs), h, saves, restore);
    expect(restore).not.toHaveBeenCalled();
    expect(h.history).toBeUndefined();
  });
});
