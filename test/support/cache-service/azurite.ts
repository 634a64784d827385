// Azurite's blob service as a child process on a free loopback port, in-memory, for the fake
// GitHub cache service to hand out SAS-signed blob URLs. Azurite is spawned rather than embedded:
// its package exports only a VS Code extension entry, and a child process keeps its handles out
// of the test worker and can always be killed.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobServiceClient, StorageSharedKeyCredential } from "@azure/storage-blob";
import type { ContainerClient } from "@azure/storage-blob";

/** Azurite's well-known development account (documented, not a secret). */
export const DEV_ACCOUNT = "devstoreaccount1";
export const DEV_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface Azurite {
  /** e.g. http://127.0.0.1:41234/devstoreaccount1 (path-style account, as Azurite expects). */
  accountUrl: string;
  credential: StorageSharedKeyCredential;
  /** A container that exists, for the cache archives. */
  container: ContainerClient;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export async function startAzurite(containerName: string): Promise<Azurite> {
  const main = createRequire(import.meta.url).resolve("azurite/dist/src/blob/main.js");
  // Azurite writes nothing with --inMemoryPersistence, but give it an empty cwd all the same.
  const cwd = await mkdtemp(join(tmpdir(), "dcb-azurite-"));
  const child = spawn(
    process.execPath,
    [
      main,
      ...["--blobHost", "127.0.0.1", "--blobPort", "0"],
      "--inMemoryPersistence",
      ...["--extentMemoryLimit", "256"],
      "--skipApiVersionCheck", // @azure/storage-blob may be newer than this Azurite
      "--disableProductStyleUrl", // account name from the path, never from the host
      "--disableTelemetry", // no traffic off this machine
      "--loose",
      "--silent",
    ],
    { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, AZURITE_ACCOUNTS: "" } },
  );
  // If the test process dies without stop(), do not leave Azurite behind.
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener("exit", killOnExit);
    await terminate(child);
    await rm(cwd, { recursive: true, force: true });
  };

  let blobUrl: string;
  try {
    blobUrl = await listeningUrl(child);
  } catch (error) {
    await stop();
    throw error;
  }
  const accountUrl = `${blobUrl}/${DEV_ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);
  const container = new BlobServiceClient(accountUrl, credential).getContainerClient(containerName);
  try {
    await container.createIfNotExists();
  } catch (error) {
    await stop();
    throw error;
  }
  return { accountUrl, credential, container, stop };
}

/** Resolves with Azurite's base URL once it says it listens; rejects if it exits or stalls. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => finish(new Error(`Azurite did not start in ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /successfully listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) finish(undefined, match[1]);
    };
    const onExit = (code: number | null): void =>
      finish(new Error(`Azurite exited (${code}) before listening:\n${output}`));
    const finish = (error: Error | undefined, url?: string): void => {
      clearTimeout(timer);
      child.stdout?.removeListener("data", onData);
      child.stderr?.removeListener("data", onData);
      child.removeListener("exit", onExit);
      // Keep draining the pipes so Azurite never blocks on a full one.
      child.stdout?.resume();
      child.stderr?.resume();
      if (url) resolve(url);
      else reject(error ?? new Error("Azurite failed to start"));
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

/** SIGTERM (Azurite closes its server), then SIGKILL if it lingers; resolves once it has exited. */
function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
