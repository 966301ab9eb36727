// Personas who pay by themselves. A text sent to a number whose persona has a `payment`
// plan, carrying a Stripe simulator checkout link (`<origin>/checkout/<session id>`), is
// opened after the persona's delay (its seconds plus a seeded share of its jitter, on
// the simulator's clock and at the leg's speed) and the customer pays, has the card
// declined, or walks away, through the Stripe simulator's control API at the link's own
// origin: the link says where to pay, so the two simulators need no wiring. Every
// attempt is logged for GET /control/payments (a bench reads when each payment went).
import type { Leg } from "./calls.ts";
import { callTimeMs, simElapsedMs, type SimContext } from "./context.ts";
import type { Persona, PersonaPayment } from "./personas.ts";

/** A Stripe simulator checkout page in a text: its origin (where the control API lives) and the session. */
const CHECKOUT_LINK = /(https?:\/\/[^\s/]+)\/checkout\/(cs_[A-Za-z0-9_]+)/;

export interface PersonaPaymentAttempt {
  seq: number;
  /** The text the link came in, and the number it went to. */
  messageId: string;
  to: string;
  persona: string;
  sessionId: string;
  outcome: PersonaPayment["outcome"];
  /** Simulator milliseconds since start: when the text arrived, when the customer acted, when the Stripe simulator answered. */
  receivedAtMs: number;
  actedAtMs: number | null;
  answeredAtMs: number | null;
  /** The Stripe simulator's HTTP status, or null (not yet, or unreachable). */
  status: number | null;
  error: string | null;
}

const MAX_LOG_ENTRIES = 20_000;

/** The checkout session a text links to, if it is a Stripe simulator link. */
export function checkoutLinkIn(text: string): { origin: string; sessionId: string } | null {
  const match = CHECKOUT_LINK.exec(text);
  return match ? { origin: match[1]!, sessionId: match[2]! } : null;
}

export class PersonaPayments {
  private readonly attempts: PersonaPaymentAttempt[] = [];
  private seq = 0;

  constructor(private readonly ctx: SimContext) {}

  /**
   * A text went out to `to`: the persona who receives it is the far party of the latest
   * call with that number (the caller of an inbound call, the callee of a dial), else the
   * one assigned to it. With a payment plan and a checkout link, the customer acts later.
   */
  onMessage(message: { id: string; to: string; text: string }): PersonaPaymentAttempt | null {
    const leg = this.latestLegWith(message.to);
    const persona: Persona | undefined = leg?.persona ?? this.ctx.personas.assignedTo(message.to);
    const link = checkoutLinkIn(message.text);
    if (!persona?.payment || !link) return null;
    const plan = persona.payment;
    const seconds = plan.afterSeconds + this.ctx.prng.next() * (plan.jitterSeconds ?? 0);
    const delayMs = leg ? callTimeMs(this.ctx, leg, seconds) : (seconds * 1000) / this.ctx.settings.speed;
    const attempt: PersonaPaymentAttempt = {
      seq: ++this.seq,
      messageId: message.id,
      to: message.to,
      persona: persona.name,
      sessionId: link.sessionId,
      outcome: plan.outcome,
      receivedAtMs: simElapsedMs(this.ctx),
      actedAtMs: null,
      answeredAtMs: null,
      status: null,
      error: null,
    };
    this.attempts.push(attempt);
    if (this.attempts.length > MAX_LOG_ENTRIES) this.attempts.shift();
    this.ctx.scheduler.after(delayMs, `persona ${persona.name} ${plan.outcome}s ${link.sessionId}`, () => {
      void this.ctx.scheduler.track(this.act(attempt, link.origin, plan));
    });
    this.ctx.log(`${persona.name} at ${message.to} will ${plan.outcome} ${link.sessionId} in ${Math.round(delayMs)} ms`);
    return attempt;
  }

  list(): PersonaPaymentAttempt[] {
    return this.attempts.map((attempt) => ({ ...attempt }));
  }

  reset(): void {
    this.attempts.length = 0;
    this.seq = 0;
  }

  private latestLegWith(number: string): Leg | undefined {
    const legs = this.ctx.calls.all().filter((leg) => leg.persona.kind !== "agent" && (leg.direction === "outgoing" ? leg.to : leg.from) === number);
    return legs.at(-1);
  }

  private async act(attempt: PersonaPaymentAttempt, origin: string, plan: PersonaPayment): Promise<void> {
    attempt.actedAtMs = simElapsedMs(this.ctx);
    const body = plan.outcome === "decline" ? JSON.stringify(plan.declineCode ? { declineCode: plan.declineCode } : {}) : undefined;
    try {
      const response = await fetch(`${origin}/control/checkout/sessions/${attempt.sessionId}/${plan.outcome}`, {
        method: "POST",
        ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body }),
      });
      attempt.status = response.status;
      if (!response.ok) attempt.error = (await response.text()).slice(0, 500);
      else await response.arrayBuffer();
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    attempt.answeredAtMs = simElapsedMs(this.ctx);
    this.ctx.log(`${attempt.persona} ${attempt.outcome} ${attempt.sessionId}: ${attempt.status ?? attempt.error}`);
  }
}
