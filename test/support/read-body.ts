// The request body of a loopback test service (GitHub API, cache service), refused past a size no
// real client sends, so a runaway test cannot fill the memory of the process serving it.
import type { IncomingMessage } from "node:http";

const MAX_REQUEST_BYTES = 1 << 20;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) req.destroy(new Error("request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
