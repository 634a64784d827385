// Action entry: run, and report any failure exactly once.
import { failStep } from "./action/failure.js";
import { run } from "./action/run.js";

try {
  await run();
} catch (e) {
  failStep(e);
}
