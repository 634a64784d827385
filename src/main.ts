// Placeholder entry for the Action; the Action itself (inputs, baseline, comment) is issue #3.
import * as core from "@actions/core";

core.setFailed("docker-cache-bench: the GitHub Action entry is not built yet; use the CLI (dist/cli.js).");
