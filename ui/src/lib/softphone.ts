// The console's softphone, as plain logic over a WebRTC client it is handed (the real one
// wraps @telnyx/webrtc in softphone-telnyx.ts; tests hand it a fake). It registers with a
// short-lived token the Worker mints for the signed-in person, answers the engine's legs
// for that person at once (their agent address, or their credential's SIP user name) and
// leaves anyone else's ringing, refreshes the token before it expires (after the call in
// progress, never during it), and registers again after a network change. In simulated
// mode (the local carrier simulator answers the person's legs) nothing registers.
import type { SoftphoneToken } from "../../../worker/http/contracts/softphone";

export type { SoftphoneToken };

/** One leg the client was offered. */
export interface SoftphoneLeg {
  id: string;
  /** Who the leg is for, as the carrier says: `agent-…`, `sip:agent-…@domain`, or a credential's user name. */
  destination: string;
  answer(): Promise<void>;
  setMuted(muted: boolean): void;
  setMicrophone(deviceId: string): Promise<void>;
}

export type PhoneClientEvent =
  | { kind: "ready" }
  | { kind: "error"; message: string }
  /** The signalling socket dropped (the SDK may retry on its own; a network change makes us register again). */
  | { kind: "closed" }
  | { kind: "ringing"; leg: SoftphoneLeg }
  | { kind: "leg_ended"; id: string };

export interface PhoneClient {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  setMicrophone(deviceId: string): Promise<void>;
}

export type MicrophoneAccess = "unknown" | "granted" | "denied" | "missing";

export interface SoftphoneDeps {
  fetchToken(): Promise<SoftphoneToken>;
  /** May load the SDK first (the real one is imported on demand). */
  createClient(token: SoftphoneToken, onEvent: (event: PhoneClientEvent) => void): PhoneClient | Promise<PhoneClient>;
  checkMicrophone(): Promise<MicrophoneAccess>;
  /** Plays the other side on this output device (a headset, say); rejects when the browser cannot choose one. */
  setSpeaker(deviceId: string): Promise<void>;
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

export type SoftphoneStatus = "off" | "registering" | "ready" | "simulated" | "reconnecting" | "failed";

export interface SoftphoneState {
  status: SoftphoneStatus;
  /** What the person should know (a failure, a blocked microphone); null when all is well. */
  message: string | null;
  microphone: MicrophoneAccess;
  muted: boolean;
  /** The leg answered for this person, while it lasts. */
  activeLegId: string | null;
  /** Legs offered to this client for someone else, left ringing. */
  ignoredLegs: number;
  tokenExpiresAt: string | null;
  microphoneId: string | null;
  /** The output device the other side plays on; null: the browser's default. */
  speakerId: string | null;
}

/** After a failed token or registration: try again this long after (the Worker or the carrier may be back). */
export const SOFTPHONE_RETRY_MS = 15_000;

export const MICROPHONE_MESSAGES: Record<Exclude<MicrophoneAccess, "unknown" | "granted">, string> = {
  denied: "The browser blocks the microphone for this site: allow it (the icon in the address bar), then press Check microphone.",
  missing: "No microphone was found: plug one in, then press Check microphone.",
};

/** The user part of a SIP address or a bare user name, lower case: `sip:agent-x@d` → `agent-x`. */
export function sipUserPart(address: string): string {
  return address.trim().replace(/^sips?:/i, "").split("@")[0]!.toLowerCase();
}

/** A leg is this person's when it names their agent address's user part or their credential's user name. */
export function isLegFor(destination: string, token: Pick<SoftphoneToken, "sipAddress" | "sipUsername">): boolean {
  const user = sipUserPart(destination);
  return user !== "" && (user === sipUserPart(token.sipAddress) || user === token.sipUsername.toLowerCase());
}

export class Softphone {
  private token: SoftphoneToken | null = null;
  private client: PhoneClient | null = null;
  private activeLeg: SoftphoneLeg | null = null;
  private timer: unknown = null;
  private refreshPending = false;
  private stopped = false;
  /** Which client's events count: a replaced client's late events are dropped. */
  private generation = 0;
  state: SoftphoneState = { status: "off", message: null, microphone: "unknown", muted: false, activeLegId: null, ignoredLegs: 0, tokenExpiresAt: null, microphoneId: null, speakerId: null };

  constructor(
    private readonly deps: SoftphoneDeps,
    private readonly onChange: (state: SoftphoneState) => void = () => undefined,
  ) {}

  /** Mint a token and register (or, simulated, only say so). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.register("registering");
  }

  /** The browser is online again, or its network changed: register afresh with a fresh token. */
  async networkChanged(): Promise<void> {
    if (this.stopped || this.state.status === "simulated") return;
    if (this.activeLeg) {
      this.refreshPending = true;
      return;
    }
    await this.register("reconnecting");
  }

  /** The token's refresh time came (or a test says so): a new token, a new registration, once no call is up. */
  async refreshToken(): Promise<void> {
    if (this.stopped) return;
    if (this.activeLeg) {
      this.refreshPending = true;
      return;
    }
    await this.register(this.state.status === "simulated" ? "registering" : "reconnecting");
  }

  async checkMicrophone(): Promise<MicrophoneAccess> {
    const access = await this.deps.checkMicrophone();
    const message = access === "denied" || access === "missing" ? MICROPHONE_MESSAGES[access] : null;
    this.update({ microphone: access, message: message ?? (this.state.status === "failed" ? this.state.message : null) });
    return access;
  }

  setMuted(muted: boolean): void {
    this.activeLeg?.setMuted(muted);
    this.update({ muted });
  }

  async chooseMicrophone(deviceId: string): Promise<void> {
    await this.client?.setMicrophone(deviceId);
    await this.activeLeg?.setMicrophone(deviceId);
    this.update({ microphoneId: deviceId });
  }

  /** The speaker stays as it was when the browser refuses, and the person is told why. */
  async chooseSpeaker(deviceId: string): Promise<void> {
    try {
      await this.deps.setSpeaker(deviceId);
      this.update({ speakerId: deviceId, message: this.state.status === "failed" ? this.state.message : null });
    } catch (error) {
      this.update({ message: `Could not play calls on that speaker: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation += 1;
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.activeLeg = null;
    this.update({ status: "off", activeLegId: null });
    await client?.disconnect();
  }

  private async register(status: "registering" | "reconnecting"): Promise<void> {
    const generation = ++this.generation;
    this.refreshPending = false;
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    this.update({ status, message: null });
    let token: SoftphoneToken;
    try {
      token = await this.deps.fetchToken();
    } catch (error) {
      if (generation !== this.generation) return;
      this.fail(`No softphone token: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (generation !== this.generation) return;
    this.token = token;
    this.schedule(() => void this.refreshToken(), Date.parse(token.refreshAt) - this.deps.now());
    const previous = this.client;
    this.client = null;
    await previous?.disconnect().catch(() => undefined);
    if (token.mode === "simulated") {
      this.update({ status: "simulated", tokenExpiresAt: token.expiresAt });
      return;
    }
    if (this.state.microphone === "unknown") await this.checkMicrophone();
    try {
      const client = await this.deps.createClient(token, (event) => {
        if (generation === this.generation) this.onClientEvent(event);
      });
      if (generation !== this.generation) return void client.disconnect().catch(() => undefined);
      this.client = client;
      this.update({ tokenExpiresAt: token.expiresAt });
      await client.connect();
    } catch (error) {
      if (generation === this.generation) this.fail(`The softphone could not connect: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onClientEvent(event: PhoneClientEvent): void {
    switch (event.kind) {
      case "ready":
        this.update({ status: "ready", message: this.state.microphone === "denied" || this.state.microphone === "missing" ? MICROPHONE_MESSAGES[this.state.microphone] : null });
        return;
      case "error":
        this.fail(event.message);
        return;
      case "closed":
        if (!this.activeLeg) this.update({ status: "reconnecting" });
        return;
      case "ringing":
        void this.offered(event.leg);
        return;
      case "leg_ended":
        if (this.activeLeg?.id !== event.id) return;
        this.activeLeg = null;
        this.update({ activeLegId: null, muted: false });
        if (this.refreshPending) void this.register("reconnecting");
        return;
      default:
        return assertNever(event);
    }
  }

  private async offered(leg: SoftphoneLeg): Promise<void> {
    if (!this.token || !isLegFor(leg.destination, this.token) || this.activeLeg) {
      this.update({ ignoredLegs: this.state.ignoredLegs + 1 });
      return;
    }
    this.activeLeg = leg;
    this.update({ activeLegId: leg.id, muted: false });
    try {
      if (this.state.microphoneId) await leg.setMicrophone(this.state.microphoneId);
      await leg.answer();
    } catch (error) {
      this.activeLeg = null;
      this.update({ activeLegId: null, message: `Could not answer: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private fail(message: string): void {
    this.update({ status: "failed", message });
    this.schedule(() => void this.register("reconnecting"), SOFTPHONE_RETRY_MS);
  }

  private schedule(run: () => void, ms: number): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = this.deps.setTimer(() => {
      this.timer = null;
      run();
    }, Math.max(0, ms));
  }

  private update(changes: Partial<SoftphoneState>): void {
    this.state = { ...this.state, ...changes };
    this.onChange(this.state);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected softphone event ${JSON.stringify(value)}`);
}
