// Preloaded into the child of the memory benchmark: reports the process's peak RSS when it exits.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\ndcb-bench-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
