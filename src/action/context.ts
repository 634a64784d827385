// What every part of the Action's run needs to know about where it runs. It lives apart from
// run.ts so that the parts run() wires (baseline, comment, outputs) can see it without
// importing run.ts back.
import type { Inputs } from "../inputs.js";
import type { ActionEvent } from "./event.js";
import type { PullRequestRef } from "./pull-request.js";

export interface RunContext {
  inputs: Inputs;
  event: ActionEvent;
  workspace: string;
  repo: { owner: string; repo: string };
  summaryUrl: string | null;
  apiUrl: string;
  runnerTemp: string;
  /** The pull request being reported on, with its base (null: push and other events). */
  pr: PullRequestRef | null;
  /** Files a benchmark left different from before its touch (each also a warning). */
  notRestored: string[];
}
