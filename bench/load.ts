// The machine may be shared: every benchmark number is printed next to how busy it was.
import { availableParallelism, loadavg } from "node:os";

export function load(): string {
  return `load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} on ${availableParallelism()} cores`;
}
