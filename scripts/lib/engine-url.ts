// The Worker's own address under wrangler dev, past wrangler's proxy.
//
// wrangler dev runs two workerd processes: its ProxyWorker on the port we ask for, which
// forwards every request and socket to the Worker's own workerd on a port it picks. In a
// deployment a request reaches the Worker straight from Cloudflare's edge, so a bench that
// measures the engine goes to that second port and leaves the proxy (a hop, and about a
// third of a core under load on a 2-core machine) out of its numbers. wrangler does not
// say the port: it is found from /proc (Linux), as the listening socket of the workerd in
// wrangler's process group that is not the proxy, and confirmed by GET /api/health.
import { readdir, readFile, readlink } from "node:fs/promises";

export interface EngineAddress {
  url: string;
  /** How requests reach the Worker, as a sentence for a report. */
  route: string;
}

// Generous: a busy machine answers health slowly, and a miss here measures the wrong path.
const HEALTH_TIMEOUT_MS = 10_000;
const TCP_LISTEN = "0A";

/**
 * The Worker's direct URL, or the proxy's (with the reason) when it cannot be found: a
 * bench still runs, and its report says which path it measured.
 */
export async function engineAddress(proxyUrl: string, wranglerPid: number | undefined): Promise<EngineAddress> {
  const proxyPort = Number(new URL(proxyUrl).port);
  const viaProxy = (why: string): EngineAddress => ({ url: proxyUrl, route: `through wrangler dev's proxy (${why})` });
  if (wranglerPid === undefined) return viaProxy("wrangler's process is not known");
  let ports: number[];
  try {
    ports = await workerPorts(wranglerPid, proxyPort);
  } catch (error) {
    return viaProxy(`its processes could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const port of ports) {
    const url = `http://127.0.0.1:${port}`;
    if (await answersHealth(url)) return { url, route: `straight to the Worker's workerd on ${url} (wrangler dev's proxy left out: a deployment has none)` };
  }
  return viaProxy("no other workerd port answered /api/health");
}

/** The listening ports of wrangler's workerd processes other than the one holding the proxy's port. */
async function workerPorts(groupPid: number, proxyPort: number): Promise<number[]> {
  const listening = await listeningSockets();
  const byProcess: number[][] = [];
  for (const pid of await processesInGroup(groupPid)) {
    if ((await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "")).trim() !== "workerd") continue;
    const ports: number[] = [];
    for (const inode of await socketInodes(pid)) {
      const port = listening.get(inode);
      if (port !== undefined) ports.push(port);
    }
    byProcess.push(ports);
  }
  return byProcess.filter((ports) => !ports.includes(proxyPort)).flat();
}

async function processesInGroup(groupPid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
    // pid (comm) state ppid pgrp …: comm may hold spaces, so count from its closing parenthesis.
    const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields && Number(fields[2]) === groupPid) pids.push(Number(entry));
  }
  return pids;
}

async function socketInodes(pid: number): Promise<string[]> {
  const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
  const inodes: string[] = [];
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.push(match[1]!);
  }
  return inodes;
}

/** Listening TCP sockets on this host: inode → port. */
async function listeningSockets(): Promise<Map<string, number>> {
  const sockets = new Map<string, number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      if (fields.length < 10 || fields[3] !== TCP_LISTEN) continue;
      const port = parseInt(fields[1]!.split(":")[1]!, 16);
      sockets.set(fields[9]!, port);
    }
  }
  return sockets;
}

async function answersHealth(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    const body: unknown = await response.json();
    return response.ok && typeof body === "object" && body !== null && "db" in body && "carrier" in body;
  } catch {
    return false;
  }
}
