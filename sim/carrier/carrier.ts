// The simulated carrier as one object, no HTTP: it composes the clock, the seeded
// generator, the stores and the webhook dispatcher, and offers what the API and control
// layers need — place a call, start an inbound one, send an SMS, change speed, seed
// and chaos, list everything, reset.
import { hearsMap } from "./hearing.ts";
import { CallRegistry, legView, type Leg } from "./calls.ts";
import { CommandLog, DialMemory } from "./commands.ts";
import { NO_CHAOS, simElapsedMs, speedOfNumber, type ChaosSettings, type SimContext, type SimSettings } from "./context.ts";
import { startInbound, startOutbound } from "./flows.ts";
import { PersonaPayments } from "./persona-payments.ts";
import { AGENT_PERSONA, PersonaDirectory, type Persona } from "./personas.ts";
import { Prng } from "./prng.ts";
import { RecordingStore } from "./recordings.ts";
import { NumberClocks } from "./number-clocks.ts";
import { Scheduler, type ClockMode } from "./scheduler.ts";
import { TelephonyCredentialStore } from "./telephony-credentials.ts";
import { tracksOnAnswer, type DialParams, type MessageParams } from "./validation.ts";
import { DEFAULT_DELIVERY_TIMEOUT_MS, WebhookDispatcher, WebhookSigner } from "./webhooks.ts";
import { WorkloadPlan, type WorkloadPlanSpec } from "./workload-plan.ts";

export interface CarrierOptions {
  seed: number;
  speed: number;
  clock: ClockMode;
  origin: string;
  webhookUrl: string | null;
  deliveryTimeoutMs?: number;
  log: (line: string) => void;
}

/** POST /v2/calls's `data`. */
export interface DialResponseData {
  call_control_id: string;
  call_leg_id: string;
  call_session_id: string;
  is_alive: true;
  record_type: "call";
  client_state?: string;
}

/** POST /v2/messages's `data`, and an entry of GET /control/messages. */
export interface MessageRecord {
  id: string;
  record_type: "message";
  direction: "outbound";
  type: "SMS";
  from: { phone_number: string };
  to: { phone_number: string; status: "queued" }[];
  text: string;
  received_at: string;
}

export interface InboundRequest {
  from: string;
  to: string;
  persona: Persona;
  connectionId: string;
  webhookUrl: string | null;
}

export class Carrier {
  readonly scheduler: Scheduler;
  /** Numbers whose calls run on a manual clock of their own (POST /control/clock/manual). */
  readonly numberClocks: NumberClocks;
  readonly signer = new WebhookSigner();
  readonly settings: SimSettings;
  readonly ctx: SimContext;
  readonly commands = new CommandLog();
  readonly dials = new DialMemory<DialResponseData>();
  /** On-demand telephony credentials and their tokens (the softphone's, telephony-credentials.ts). */
  readonly telephonyCredentials: TelephonyCredentialStore;
  private readonly messages: MessageRecord[] = [];
  /** Personas who pay the links they are texted (GET /control/payments). */
  readonly personaPayments: PersonaPayments;
  private readonly initialSpeed: number;
  /** Callees of one number range answer as a pacing workload says (PUT /control/workload-plan). */
  workloadPlan: WorkloadPlan | null = null;

  constructor(options: CarrierOptions) {
    this.scheduler = new Scheduler({
      mode: options.clock,
      onError: (label, error) => options.log(`timer "${label}" failed: ${error instanceof Error ? error.stack : String(error)}`),
    });
    this.numberClocks = new NumberClocks(this.scheduler, (label, error) => options.log(`timer "${label}" failed: ${error instanceof Error ? error.stack : String(error)}`));
    this.initialSpeed = options.speed;
    this.telephonyCredentials = new TelephonyCredentialStore(() => this.scheduler.now());
    this.settings = {
      speed: options.speed,
      speedByNumber: new Map(),
      speedByPrefix: new Map(),
      chaos: { ...NO_CHAOS },
      seed: options.seed,
      defaultWebhookUrl: options.webhookUrl,
      origin: options.origin,
      startedAtMs: this.scheduler.now(),
    };
    const prng = new Prng(options.seed);
    const webhooks = new WebhookDispatcher({
      scheduler: this.scheduler,
      prng,
      signer: this.signer,
      chaos: () => this.settings.chaos,
      elapsedMs: () => this.scheduler.now() - this.settings.startedAtMs,
      deliveryTimeoutMs: options.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS,
      log: options.log,
    });
    this.ctx = {
      scheduler: this.scheduler,
      prng,
      settings: this.settings,
      calls: new CallRegistry((farEnd) => this.numberClocks.forNumber(farEnd)),
      personas: new PersonaDirectory(),
      recordings: new RecordingStore(),
      webhooks,
      log: options.log,
    };
    this.personaPayments = new PersonaPayments(this.ctx);
  }

  /** Simulator milliseconds since start (or reset). */
  elapsedMs(): number {
    return simElapsedMs(this.ctx);
  }

  placeCall(params: DialParams): DialResponseData {
    // A supervisor's leg joins the supervised leg's call session (api.ts checked it is alive).
    const supervised = params.supervise_call_control_id ? this.ctx.calls.get(params.supervise_call_control_id) : undefined;
    const leg = this.ctx.calls.create(
      {
        direction: "outgoing",
        from: params.from,
        to: params.to,
        connectionId: params.connection_id,
        persona:
          this.ctx.personas.assignedTo(params.to) ??
          this.workloadPlan?.personaFor(params.to, this.scheduler.now(), speedOfNumber(this.settings, params.to), this.ctx.personas) ??
          // A live credential's address rings that person's softphone, which the simulator answers as it does `sip:agent-…`.
          (this.telephonyCredentials.ringsSoftphone(params.to) ? this.ctx.personas.named(AGENT_PERSONA) : undefined) ??
          this.ctx.personas.forDialled(params.to),
        amd: params.answering_machine_detection,
        timeoutSecs: params.timeout_secs,
        webhookUrl: params.webhook_url ?? null,
        clientState: params.client_state ?? null,
        transcribeOnAnswer: tracksOnAnswer(params),
        ...(supervised ? { callSessionId: supervised.callSessionId, supervising: { callControlId: supervised.callControlId, role: params.supervisor_role } } : {}),
      },
      this.ctx.prng,
      this.scheduler.now(),
    );
    this.ctx.log(`dial ${params.to} (${leg.persona.name}) → ${leg.callControlId}`);
    startOutbound(this.ctx, leg);
    return {
      call_control_id: leg.callControlId,
      call_leg_id: leg.callLegId,
      call_session_id: leg.callSessionId,
      is_alive: true,
      record_type: "call",
      ...(params.client_state ? { client_state: params.client_state } : {}),
    };
  }

  startInboundCall(request: InboundRequest): Leg {
    const leg = this.ctx.calls.create(
      {
        direction: "incoming",
        from: request.from,
        to: request.to,
        connectionId: request.connectionId,
        persona: request.persona,
        amd: "disabled",
        timeoutSecs: request.persona.giveUpAfterSeconds,
        webhookUrl: request.webhookUrl,
        clientState: null,
      },
      this.ctx.prng,
      this.scheduler.now(),
    );
    this.ctx.log(`inbound ${request.from} (${request.persona.name}) → ${request.to}: ${leg.callControlId}`);
    startInbound(this.ctx, leg);
    return leg;
  }

  sendMessage(params: MessageParams): MessageRecord {
    const message: MessageRecord = {
      id: this.ctx.prng.uuid(),
      record_type: "message",
      direction: "outbound",
      type: "SMS",
      from: { phone_number: params.from },
      to: [{ phone_number: params.to, status: "queued" }],
      text: params.text,
      received_at: new Date(this.scheduler.now()).toISOString(),
    };
    this.messages.push(message);
    this.personaPayments.onMessage({ id: message.id, to: params.to, text: params.text });
    return message;
  }

  listMessages(): MessageRecord[] {
    return this.messages.map((message) => structuredClone(message));
  }

  /** Calls grouped by session, each with its legs as the control API shows them. */
  callsView() {
    const nowMs = this.scheduler.now();
    const hears = hearsMap(this.ctx.calls.all());
    const sessions = new Map<string, ReturnType<typeof legView>[]>();
    for (const leg of this.ctx.calls.all()) {
      const view = legView(leg, (id) => this.ctx.recordings.get(id), this.settings.origin, nowMs);
      sessions.set(leg.callSessionId, [...(sessions.get(leg.callSessionId) ?? []), view]);
    }
    return [...sessions].map(([callSessionId, legs]) => ({
      call_session_id: callSessionId,
      state: legs.some((leg) => leg.state !== "ended") ? "active" : "ended",
      legs,
      // Each leg's call_control_id → the legs that hear it (hearing.ts; a bridged partner may be in another session).
      hears: Object.fromEntries(legs.map((leg) => [leg.call_control_id, hears[leg.call_control_id] ?? []])),
    }));
  }

  /** The speed of every call, or (with `numbers`) of the calls to or from those numbers; null gives them the general speed again. */
  setSpeed(factor: number | null, numbers?: readonly string[]): void {
    if (!numbers) {
      if (factor !== null) this.settings.speed = factor;
      return;
    }
    for (const number of numbers) {
      if (factor === null) this.settings.speedByNumber.delete(number);
      else this.settings.speedByNumber.set(number, factor);
    }
  }

  /** From now on, the plan's numbers answer as its workload says (its second 0 is now); null ends it. */
  setWorkloadPlan(spec: WorkloadPlanSpec | null): WorkloadPlan | null {
    this.workloadPlan = spec ? new WorkloadPlan(spec, this.scheduler.now()) : null;
    return this.workloadPlan;
  }

  setSeed(seed: number): void {
    this.settings.seed = seed;
    this.ctx.prng.reseed(seed);
  }

  setChaos(changes: Partial<ChaosSettings>): ChaosSettings {
    this.settings.chaos = { ...this.settings.chaos, ...changes };
    return this.settings.chaos;
  }

  setWebhookUrl(url: string | null): void {
    this.settings.defaultWebhookUrl = url;
  }

  /**
   * Back to a clean slate without a restart: calls dropped silently (no hangups sent),
   * logs, messages, recordings and number assignments cleared, chaos off, the speed
   * the simulator started with, and the generator re-seeded with the current seed so a
   * run after a reset repeats. The key pair and default webhook URL stay.
   */
  reset(): void {
    this.scheduler.clear();
    this.numberClocks.clear();
    this.ctx.calls.clear();
    this.ctx.recordings.clear();
    this.ctx.personas.reset();
    this.workloadPlan = null;
    this.ctx.webhooks.reset();
    this.commands.reset();
    this.dials.clear();
    this.messages.length = 0;
    this.personaPayments.reset();
    this.telephonyCredentials.clear();
    this.settings.chaos = { ...NO_CHAOS };
    this.settings.speed = this.initialSpeed;
    this.settings.speedByNumber.clear();
    this.settings.speedByPrefix.clear();
    this.settings.startedAtMs = this.scheduler.now();
    this.ctx.prng.reseed(this.settings.seed);
  }

  close(): void {
    this.scheduler.close();
    this.numberClocks.clear();
    this.ctx.webhooks.close();
  }
}
