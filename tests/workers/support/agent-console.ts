// An agent's console on the agent pool's socket, as a browser tab holds it: it keeps the
// socket open, chooses presence, remembers what the pool last said about its agent
// (status, the preview offer shown only to them, the AI calls they may take over) and, if asked, ends every wrap-up at once.
import { exports } from "cloudflare:workers";
import { agentPoolRoomName, poolServerMessage, type PreviewOffer, type QueueLiveView, type QueueRing } from "../../../objects/agent-pool/protocol";
import type { CampaignCallView } from "../../../objects/campaign/protocol";
import { BASE_URL, type Caller } from "./client";

export class AgentConsole {
  status = "offline";
  /** The call the pool says the agent is on or wrapping up. */
  callId: string | null = null;
  offer: PreviewOffer | null = null;
  /** The queue caller ringing this console now, if any. */
  ring: QueueRing | null = null;
  /** Every queue call that rang this console, in order. */
  readonly ringsSeen: string[] = [];
  /** Every offer this console was shown, in order. */
  readonly offersSeen: PreviewOffer[] = [];
  readonly errors: string[] = [];
  /** The live queues of the last snapshot (a supervisor's console gets them; an agent's none). */
  queues: QueueLiveView[] = [];
  /** The live AI calls the pool lists for this member to take over (last snapshot). */
  aiCalls: CampaignCallView[] = [];

  private constructor(
    readonly userId: string,
    private readonly socket: WebSocket,
    private readonly finishWrapUps: boolean,
  ) {
    socket.accept();
    socket.addEventListener("message", (event) => {
      const message = poolServerMessage.parse(JSON.parse(event.data as string));
      if (message.type === "error") {
        this.errors.push(message.code);
        return;
      }
      const me = message.members.find((m) => m.userId === userId);
      this.status = me?.status ?? "offline";
      this.callId = me?.callId ?? null;
      this.offer = message.yourOffer;
      this.ring = message.yourRing;
      if (message.yourRing && this.ringsSeen.at(-1) !== message.yourRing.callId) this.ringsSeen.push(message.yourRing.callId);
      this.queues = message.queues;
      this.aiCalls = message.aiCalls;
      if (message.yourOffer && this.offersSeen.at(-1)?.accountId !== message.yourOffer.accountId) this.offersSeen.push(message.yourOffer);
      if (this.status === "wrap_up" && this.finishWrapUps) this.choose("available");
    });
  }

  static async open(organizationId: string, member: Caller & { userId: string }, options: { available?: boolean; finishWrapUps?: boolean } = {}): Promise<AgentConsole> {
    const response = await exports.default.fetch(
      new Request(`${BASE_URL}/parties/agent-pool-actor/${agentPoolRoomName(organizationId)}`, { headers: { upgrade: "websocket", cookie: member.cookie! } }),
    );
    if (response.status !== 101) throw new Error(`pool socket refused: ${response.status}`);
    const console = new AgentConsole(member.userId, response.webSocket!, options.finishWrapUps ?? true);
    if (options.available ?? true) console.choose("available");
    return console;
  }

  choose(status: "available" | "break" | "offline"): void {
    this.socket.send(JSON.stringify({ type: "set_presence", status }));
  }

  /** Accepts or rejects the queue caller ringing this console. */
  answerRing(callId: string, answer: "accept" | "reject"): void {
    this.socket.send(JSON.stringify({ type: "answer_ring", callId, answer }));
  }

  close(): void {
    this.socket.close(1000, "done");
  }
}

/** Polls `done` until true (the actors run on their own alarms); never a fixed sleep. */
export async function waitFor(done: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An IANA zone where the local hour is `hour` now (whole-hour zones run from UTC−12 to UTC+14). */
export function zoneAtLocalHour(hour: number): string {
  let offset = hour - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? "Etc/GMT" : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}
