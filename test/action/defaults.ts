import { INPUT_NAMES, type RawInputs } from "../../src/inputs.js";

/** What the runner passes when the workflow sets nothing: action.yml's defaults. */
export const DEFAULTS: RawInputs = {
  ...(Object.fromEntries(INPUT_NAMES.map((n) => [n, ""])) as RawInputs),
  context: ".",
  docker: "docker",
  baseline: "cache",
  comment: "always",
  "github-token": "ghs_x",
  "fail-on-cache-regression": "false",
  "noise-seconds": "2",
  "noise-percent": "10",
  repeat: "1",
  "history-length": "30",
};
