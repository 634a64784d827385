// Action entry: read the inputs, run, and report any failure exactly once.
import * as core from "@actions/core";
import { run } from "./action/run.js";
import { errorMessage } from "./errors.js";
import { readInputs } from "./inputs.js";

try {
  await run(readInputs());
} catch (e) {
  core.setFailed(`docker-cache-bench: ${errorMessage(e)}`);
}
