// The softphone's logic against a fake WebRTC client: it registers with the minted token,
// answers a leg for this person at once, leaves a leg for someone else ringing, refreshes
// the token before it expires (after the call, never during it), registers again after a
// network change, and in simulated mode registers nothing at all.
import { describe, expect, it } from "vitest";
import { isLegFor, MICROPHONE_MESSAGES, Softphone, type MicrophoneAccess, type PhoneClientEvent, type SoftphoneLeg, type SoftphoneToken } from "../../../ui/src/lib/softphone";

const USER = "0b7f6c1e-4d6a-4a57-9a1c-5f2d8e3b9c10";
const START_MS = Date.parse("2026-12-06T09:00:00Z");

function tokenAt(n: number, nowMs: number, mode: SoftphoneToken["mode"] = "webrtc"): SoftphoneToken {
  return {
    mode,
    token: `jwt-${n}`,
    expiresAt: new Date(nowMs + 60 * 60_000).toISOString(),
    refreshAt: new Date(nowMs + 50 * 60_000).toISOString(),
    sipAddress: `sip:agent-${USER}@agents.example`,
    sipUsername: "gencredabc123",
  };
}

class FakeClient {
  connected = false;
  disconnected = false;
  microphone: string | null = null;
  constructor(
    readonly token: string,
    readonly emit: (event: PhoneClientEvent) => void,
  ) {}
  async connect() {
    this.connected = true;
  }
  async disconnect() {
    this.disconnected = true;
  }
  async setMicrophone(deviceId: string) {
    this.microphone = deviceId;
  }
}

class FakeLeg implements SoftphoneLeg {
  answered = false;
  muted = false;
  constructor(
    readonly id: string,
    readonly destination: string,
  ) {}
  async answer() {
    this.answered = true;
  }
  setMuted(muted: boolean) {
    this.muted = muted;
  }
  async setMicrophone() {}
}

/** A softphone on a fake clock: timers run only when the test advances time. */
function harness(options: { mode?: SoftphoneToken["mode"]; microphone?: MicrophoneAccess; tokenFails?: boolean; speakers?: string[] } = {}) {
  let nowMs = START_MS;
  let minted = 0;
  let playingOn = "default";
  const clients: FakeClient[] = [];
  const timers = new Map<number, { at: number; run: () => void }>();
  let nextTimer = 0;
  const phone = new Softphone({
    fetchToken: async () => {
      if (options.tokenFails) throw new Error("503 The carrier did not give your softphone a token");
      return tokenAt(++minted, nowMs, options.mode);
    },
    createClient: (token, onEvent) => {
      const client = new FakeClient(token.token, onEvent);
      clients.push(client);
      return client;
    },
    checkMicrophone: async () => options.microphone ?? "granted",
    setSpeaker: async (deviceId) => {
      // As the browser does: an output device it does not list is refused (NotFoundError).
      if (!(options.speakers ?? []).includes(deviceId)) throw new Error("the requested device was not found");
      playingOn = deviceId;
    },
    now: () => nowMs,
    setTimer: (run, ms) => {
      timers.set(++nextTimer, { at: nowMs + ms, run });
      return nextTimer;
    },
    clearTimer: (timer) => timers.delete(timer as number),
  });
  return {
    phone,
    clients,
    minted: () => minted,
    playingOn: () => playingOn,
    current: () => clients.at(-1)!,
    async advance(ms: number) {
      nowMs += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at > nowMs) continue;
        timers.delete(id);
        timer.run();
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("softphone", () => {
  it("registers with the minted token and answers a leg for this person at once", async () => {
    const h = harness();
    await h.phone.start();
    expect(h.current().token).toBe("jwt-1");
    expect(h.current().connected).toBe(true);
    expect(h.phone.state.status).toBe("registering");
    h.current().emit({ kind: "ready" });
    expect(h.phone.state.status).toBe("ready");

    const mine = new FakeLeg("leg-1", `sip:agent-${USER.toUpperCase()}@agents.example`);
    h.current().emit({ kind: "ringing", leg: mine });
    await flush();
    expect(mine.answered).toBe(true);
    expect(h.phone.state.activeLegId).toBe("leg-1");

    h.phone.setMuted(true);
    expect(mine.muted).toBe(true);
    h.current().emit({ kind: "leg_ended", id: "leg-1" });
    expect(h.phone.state).toMatchObject({ activeLegId: null, muted: false });
  });

  it("leaves a leg for someone else ringing", async () => {
    const h = harness();
    await h.phone.start();
    h.current().emit({ kind: "ready" });
    const theirs = new FakeLeg("leg-2", "sip:agent-11111111-2222-4333-8444-555555555555@agents.example");
    h.current().emit({ kind: "ringing", leg: theirs });
    await flush();
    expect(theirs.answered).toBe(false);
    expect(h.phone.state).toMatchObject({ activeLegId: null, ignoredLegs: 1 });
    // The credential's own SIP user name is this person's too.
    const byCredential = new FakeLeg("leg-3", "gencredabc123");
    h.current().emit({ kind: "ringing", leg: byCredential });
    await flush();
    expect(byCredential.answered).toBe(true);
  });

  it("refreshes the token before it expires, on a new registration, and drops the old client", async () => {
    const h = harness();
    await h.phone.start();
    h.current().emit({ kind: "ready" });
    await h.advance(49 * 60_000);
    expect(h.minted()).toBe(1);
    await h.advance(60_000);
    expect(h.minted()).toBe(2);
    expect(h.clients.map((client) => [client.token, client.disconnected])).toEqual([
      ["jwt-1", true],
      ["jwt-2", false],
    ]);
    // A late event from the replaced client changes nothing.
    h.clients[0]!.emit({ kind: "error", message: "socket gone" });
    h.current().emit({ kind: "ready" });
    expect(h.phone.state.status).toBe("ready");
  });

  it("waits for the call in progress to end before refreshing or re-registering", async () => {
    const h = harness();
    await h.phone.start();
    h.current().emit({ kind: "ready" });
    const mine = new FakeLeg("leg-1", `agent-${USER}`);
    h.current().emit({ kind: "ringing", leg: mine });
    await flush();
    await h.advance(50 * 60_000);
    await h.phone.networkChanged();
    expect(h.minted()).toBe(1);
    expect(h.current().disconnected).toBe(false);
    h.current().emit({ kind: "leg_ended", id: "leg-1" });
    await flush();
    expect(h.minted()).toBe(2);
    expect(h.clients).toHaveLength(2);
  });

  it("registers again with a fresh token after a network change", async () => {
    const h = harness();
    await h.phone.start();
    h.current().emit({ kind: "ready" });
    h.current().emit({ kind: "closed" });
    expect(h.phone.state.status).toBe("reconnecting");
    await h.phone.networkChanged();
    expect(h.clients.map((client) => client.token)).toEqual(["jwt-1", "jwt-2"]);
    h.current().emit({ kind: "ready" });
    expect(h.phone.state.status).toBe("ready");
  });

  it("says the softphone is simulated and registers nothing when the carrier is the simulator", async () => {
    const h = harness({ mode: "simulated" });
    await h.phone.start();
    expect(h.phone.state.status).toBe("simulated");
    expect(h.clients).toEqual([]);
  });

  it("names a blocked microphone clearly, and retries a failed token", async () => {
    const blocked = harness({ microphone: "denied" });
    await blocked.phone.start();
    blocked.current().emit({ kind: "ready" });
    expect(blocked.phone.state).toMatchObject({ status: "ready", microphone: "denied", message: MICROPHONE_MESSAGES.denied });

    const failing = harness({ tokenFails: true });
    await failing.phone.start();
    expect(failing.phone.state.status).toBe("failed");
    expect(failing.phone.state.message).toMatch(/No softphone token: 503/);
  });

  it("plays calls on the speaker the person chooses, and keeps the last one with a plain reason when the browser refuses", async () => {
    const h = harness({ speakers: ["headset", "laptop"] });
    await h.phone.start();
    h.current().emit({ kind: "ready" });
    await h.phone.chooseSpeaker("headset");
    expect([h.playingOn(), h.phone.state.speakerId, h.phone.state.message]).toEqual(["headset", "headset", null]);
    await h.phone.chooseSpeaker("unplugged-dock");
    expect([h.playingOn(), h.phone.state.speakerId]).toEqual(["headset", "headset"]);
    expect(h.phone.state.message).toBe("Could not play calls on that speaker: the requested device was not found");
    await h.phone.chooseSpeaker("laptop");
    expect([h.playingOn(), h.phone.state.message]).toEqual(["laptop", null]);
  });

  it("matches legs by the user part of the address, case-insensitively", () => {
    const token = tokenAt(1, START_MS);
    expect(isLegFor(`sip:agent-${USER}@other.domain`, token)).toBe(true);
    expect(isLegFor(`AGENT-${USER.toUpperCase()}`, token)).toBe(true);
    expect(isLegFor("+15550100001", token)).toBe(false);
    expect(isLegFor("", token)).toBe(false);
  });
});
