// The local stack turns off the Network events of wrangler dev's inspector session: its
// proxy leaked a connection per event and, at 200 agents, stopped answering after three
// minutes (scripts/lib/inspector-network.ts). A fake inspector stands in for wrangler's.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { turnOffInspectorNetwork } from "../../../scripts/lib/inspector-network";

/** Lists one Worker on /json and answers each DevTools command as `answer` says. */
async function fakeInspector(answer: (method: string) => object | null) {
  const received: string[] = [];
  let open = 0;
  const server = http.createServer((request, response) => {
    const { port } = server.address() as AddressInfo;
    response.setHeader("content-type", "application/json");
    response.end(request.url === "/json" ? JSON.stringify([{ id: "core:user:word-is-bond", webSocketDebuggerUrl: `ws://127.0.0.1:${port}/core:user:word-is-bond` }]) : "[]");
  });
  const sockets = new WebSocketServer({ server });
  sockets.on("connection", (socket) => {
    open++;
    socket.on("close", () => open--);
    socket.on("message", (data) => {
      const command = JSON.parse(String(data)) as { id: number; method: string };
      received.push(command.method);
      const reply = answer(command.method);
      if (reply) socket.send(JSON.stringify({ id: command.id, ...reply }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    openSessions: () => open,
    close: () => new Promise<void>((resolve) => (sockets.close(), server.close(() => resolve()))),
  };
}

let inspector: Awaited<ReturnType<typeof fakeInspector>> | undefined;
afterEach(async () => {
  await inspector?.close();
  inspector = undefined;
});

describe("turning off the inspector's Network events", () => {
  it("sends Network.disable on wrangler's session and leaves, so a profiler can connect after it", async () => {
    inspector = await fakeInspector(() => ({ result: {} }));
    await turnOffInspectorNetwork(inspector.port);
    expect(inspector.received).toEqual(["Network.disable"]);
    await expect.poll(() => inspector!.openSessions()).toBe(0);
  });

  it("says so when the runtime refuses", async () => {
    inspector = await fakeInspector(() => ({ error: { code: -32601, message: "'Network.disable' wasn't found" } }));
    await expect(turnOffInspectorNetwork(inspector.port)).rejects.toThrow(/Network.disable/);
    await expect.poll(() => inspector!.openSessions()).toBe(0);
  });
});
