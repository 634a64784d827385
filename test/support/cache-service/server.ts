// A loopback stand-in for GitHub's Actions cache service (v2: Twirp JSON over HTTP, archives in
// Azure Blob storage), so tests can run @actions/cache's real code. The Twirp endpoints run in
// this process; the archives go to a real Azurite through SAS-signed URLs. See README.md.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BlobSASPermissions, SASProtocol, generateBlobSASQueryParameters } from "@azure/storage-blob";
import { readBody } from "../read-body.js";
import { startAzurite } from "./azurite.js";
import type { Azurite } from "./azurite.js";
import { CacheStore } from "./store.js";
import type { CacheEntry } from "./store.js";

export type { CacheEntry } from "./store.js";

export const TWIRP_PREFIX = "/twirp/github.actions.results.api.v1.CacheService/";
export type TwirpMethod = "CreateCacheEntry" | "FinalizeCacheEntryUpload" | "GetCacheEntryDownloadURL";

export interface CacheServiceOptions {
  /** The bearer token the service accepts, handed out as ACTIONS_RUNTIME_TOKEN. */
  token?: string;
  /** Lifetime of the signed upload/download URLs. Default 10 minutes. */
  urlTtlMs?: number;
}

/** A Twirp error: HTTP status plus the JSON body `{ code, msg }`. */
export interface TwirpFault {
  status: number;
  code: string;
  msg: string;
}

export interface RecordedCall {
  /** Twirp method name, or the raw path for requests that matched no route. */
  method: string;
  /** The parsed JSON request body (undefined if it was not JSON). */
  body: unknown;
  authorization: string | undefined;
  status: number;
  response: unknown;
}

export interface CacheService {
  /** The service root, ending in "/": ACTIONS_RESULTS_URL. */
  url: string;
  /** What the runner would export for @actions/cache to use this service. */
  env: Record<string, string>;
  entries(): CacheEntry[];
  requests(): RecordedCall[];
  /** Make every call to `method` answer with this Twirp error, until called with undefined. */
  fail(method: TwirpMethod, fault: TwirpFault | undefined): void;
  stop(): Promise<void>;
}

const CONTAINER = "actions-cache";

class Fault extends Error {
  constructor(readonly fault: TwirpFault) {
    super(fault.msg);
  }
}
const fault = (status: number, code: string, msg: string): Fault => new Fault({ status, code, msg });

export async function startCacheService(opts: CacheServiceOptions = {}): Promise<CacheService> {
  const token = opts.token ?? "dcb-test-runtime-token";
  const ttl = opts.urlTtlMs ?? 10 * 60_000;
  const store = new CacheStore();
  const calls: RecordedCall[] = [];
  const faults = new Map<string, TwirpFault>();
  const azurite = await startAzurite(CONTAINER);

  const signedUrl = (entry: CacheEntry, permissions: string): string => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: CONTAINER,
        blobName: entry.blobName,
        permissions: BlobSASPermissions.parse(permissions),
        expiresOn: new Date(Date.now() + ttl),
        protocol: SASProtocol.HttpsAndHttp,
      },
      azurite.credential,
    ).toString();
    return `${azurite.container.getBlockBlobClient(entry.blobName).url}?${sas}`;
  };

  const methods: Record<TwirpMethod, (body: Record<string, unknown>) => Promise<unknown>> = {
    async CreateCacheEntry(body) {
      const key = str(body, "key");
      const version = str(body, "version");
      if (store.find(key, version)) {
        throw fault(
          409,
          "already_exists",
          "cache entry with the same key, version, and scope already exists",
        );
      }
      const entry = store.reserve(key, version);
      return { ok: true, signed_upload_url: signedUrl(entry, "cw") };
    },
    async FinalizeCacheEntryUpload(body) {
      const key = str(body, "key");
      const version = str(body, "version");
      const size = Number(body["size_bytes"] ?? 0);
      const entry = store.find(key, version);
      if (!entry) throw fault(404, "not_found", "cache entry not found");
      if (entry.finalizedAt) throw fault(409, "already_exists", "cache entry is already finalized");
      const uploaded = await blobSize(azurite, entry.blobName);
      if (uploaded === undefined) throw fault(412, "failed_precondition", "no archive was uploaded");
      if (uploaded !== size) {
        throw fault(412, "failed_precondition", `size_bytes ${size} but ${uploaded} bytes were uploaded`);
      }
      store.finalize(entry, size);
      return { ok: true, entry_id: String(entry.id) };
    },
    async GetCacheEntryDownloadURL(body) {
      const key = str(body, "key");
      const version = str(body, "version");
      const restoreKeys = body["restore_keys"] ?? [];
      if (!Array.isArray(restoreKeys) || !restoreKeys.every((k) => typeof k === "string")) {
        throw fault(400, "invalid_argument", "restore_keys must be a list of strings");
      }
      const match = store.lookup(key, restoreKeys, version);
      if (!match) return { ok: false, signed_download_url: "", matched_key: "" };
      return { ok: true, signed_download_url: signedUrl(match.entry, "r"), matched_key: match.entry.key };
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const name = path.startsWith(TWIRP_PREFIX) ? path.slice(TWIRP_PREFIX.length) : path;
    const call: RecordedCall = {
      method: name,
      body: undefined,
      authorization: req.headers.authorization,
      status: 0,
      response: undefined,
    };
    calls.push(call);
    const reply = (status: number, response: unknown): void => {
      call.status = status;
      call.response = response;
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(response));
    };
    try {
      const raw = await readBody(req);
      call.body = parseJson(raw);
      const handler = Object.hasOwn(methods, name) ? methods[name as TwirpMethod] : undefined;
      if (req.method !== "POST" || !handler)
        throw fault(404, "bad_route", `no handler for ${req.method} ${path}`);
      if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
        throw fault(404, "bad_route", "only the JSON encoding is implemented");
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        throw fault(401, "unauthenticated", "invalid or missing runtime token");
      }
      const injected = faults.get(name);
      if (injected) throw new Fault(injected);
      if (typeof call.body !== "object" || call.body === null)
        throw fault(400, "malformed", "body is not JSON");
      reply(200, await handler(call.body as Record<string, unknown>));
    } catch (error) {
      const f = error instanceof Fault ? error.fault : { status: 500, code: "internal", msg: String(error) };
      reply(f.status, { code: f.code, msg: f.msg });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    await azurite.stop();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await azurite.stop();
    })());

  return {
    url,
    env: {
      ACTIONS_CACHE_SERVICE_V2: "true",
      ACTIONS_RESULTS_URL: url,
      ACTIONS_RUNTIME_TOKEN: token,
      // Anything but github.com / *.ghe.com / *.localhost counts as GHES, which forces the v1 API.
      GITHUB_SERVER_URL: "https://github.com",
      // The runner's effective cache mode; "write" permits both restore and save.
      ACTIONS_CACHE_MODE: "write",
    },
    entries: () => store.all(),
    requests: () => calls.map((c) => ({ ...c })),
    fail: (method, f) => void (f ? faults.set(method, f) : faults.delete(method)),
    stop,
  };
}

function str(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") throw fault(400, "invalid_argument", `${field} is required`);
  return value;
}

async function blobSize(azurite: Azurite, blobName: string): Promise<number | undefined> {
  const blob = azurite.container.getBlobClient(blobName);
  if (!(await blob.exists())) return undefined;
  return (await blob.getProperties()).contentLength;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
