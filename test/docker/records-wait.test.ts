// Which listed record is a failed build's, and when a listing after its client exited is worth taking again.
import { describe, expect, it } from "vitest";
import type { BuildRecord } from "../../src/docker/records-proto.js";
import { isRecordComing, lastNamed } from "../../src/docker/records-wait.js";

const TAG = "docker-cache-bench:0123456789ab-warm";

function record(ref: string, over: Partial<BuildRecord> = {}): BuildRecord {
  return {
    ref,
    attrs: new Map(),
    error: null,
    errorStatus: null,
    externalError: null,
    names: [`docker.io/library/${TAG}`],
    createdAt: 100,
    completed: true,
    totalSteps: 5,
    cachedSteps: 0,
    completedSteps: 5,
    ...over,
  };
}

const failed = (ref: string, over: Partial<BuildRecord> = {}) =>
  record(ref, { errorStatus: Buffer.from("x"), error: "exit code: 3", ...over });

describe("lastNamed", () => {
  it.each([
    ["none listed", [], null],
    ["another tag's only", [record("a", { names: ["docker.io/library/other:1"] })], null],
    ["the short name, as the classic store names it", [record("a", { names: [TAG] })], "a"],
    // A repeated warm build reuses the tag: the earlier one's final record must not stand for it.
    ["the newest of two builds to one tag", [failed("new", { createdAt: 101 }), record("old")], "new"],
    ["within one second, the running one", [record("old"), record("new", { completed: false })], "new"],
    ["within one second, the failed one", [record("ok"), failed("bad")], "bad"],
  ])("%s", (_, records, ref) => {
    expect(lastNamed(records, TAG)?.ref ?? null).toBe(ref);
  });
});

describe("isRecordComing (a listing taken after the client exited)", () => {
  it.each([
    // A failure on the client's side (no Dockerfile, a missing context path) never makes a record.
    ["nothing listed: none is coming", [], false],
    ["listed running: it turns final a moment later", [failed("a", { completed: false })], true],
    ["listed final", [failed("a")], false],
    [
      "an earlier build's final record, the failed one running",
      [record("old"), failed("new", { createdAt: 101, completed: false })],
      true,
    ],
  ])("%s", (_, records, coming) => {
    expect(isRecordComing(records, TAG)).toBe(coming);
  });
});
