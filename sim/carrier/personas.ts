// Who answers a number: the persona types, the documented number plan (sim/README.md)
// and the directory that resolves a number to a persona, with per-number assignments
// made through the control API. The scripted personas themselves live in
// persona-scripts.ts.
import { BUILT_IN_PERSONAS } from "./persona-scripts.ts";

export const PERSONA_KINDS = ["human", "machine", "no_answer", "busy", "invalid", "fax", "not_sure", "agent"] as const;
export type PersonaKind = (typeof PERSONA_KINDS)[number];
export const MOODS = ["calm", "annoyed", "angry"] as const;
export type Mood = (typeof MOODS)[number];
export const TRACKS = ["inbound", "outbound"] as const;
/** "inbound" is the far party (the callee of a dial, the caller of an inbound call); "outbound" is our side. */
export type Track = (typeof TRACKS)[number];

export interface Utterance {
  /** Seconds after the call is answered. */
  atSecond: number;
  text: string;
  track: Track;
  /** Said only while no agent is on the line (a person answering a call nobody speaks on). */
  onlyAlone?: boolean;
}

export interface Persona {
  name: string;
  kind: PersonaKind;
  description: string;
  /** BCP 47, as the transcripts are written. */
  language: string;
  mood: Mood;
  /** Answering kinds: ring time before answering. */
  answerAfterSeconds: number;
  /** busy / invalid: how long until the network reports it. */
  failAfterSeconds: number;
  /** After answer: when answering machine detection decides. */
  amdDecisionSeconds: number;
  /** machine: greeting length, after answer, until the beep. */
  greetingSeconds: number;
  /** machine: hangs up this long after the beep if we have not. */
  maxMessageSeconds: number;
  /** After answer: when the far party hangs up; null stays up until we hang up. */
  hangupAfterSeconds: number | null;
  /** After a bridge to our agent: when the far party hangs up (a workload plan's talk time); unset: only hangupAfterSeconds. */
  hangupAfterBridgedSeconds?: number;
  /** What AMD reports whatever the kind (a workload plan's misjudgments: a person taken for a machine, or the reverse); unset: the kind's verdict. */
  amdVerdict?: "human" | "machine";
  /** Inbound calls: the caller abandons after ringing this long unanswered. */
  giveUpAfterSeconds: number;
  utterances: Utterance[];
  /** Answers to successive gathers, one string per gather ("4471#"). */
  dtmf: string[];
  /**
   * A caller who talks with a voice agent (an AI): each time our side's speech ends on a
   * question with nothing more queued, the next answer is said after a short pause.
   */
  answers?: string[];
  /**
   * A caller who cuts in: once our side's speech has played this long (and has more to
   * say), their next answer is said over it, without waiting for the question's end.
   */
  interruptsAfterSeconds?: number;
  /**
   * Values for the script's `{name|fallback}` placeholders when the dial carries none
   * (script-lines.ts): e.g. `{ customer: "Jordan Smith", balance: "$842.16" }`.
   */
  variables?: Record<string, string>;
  /**
   * A customer who pays by themselves: a text with a checkout link sent to this persona's
   * number is paid, declined or abandoned after a delay (persona-payments.ts). Unset: the
   * link is left alone (a test or the bench plays the customer through Stripe's control API).
   */
  payment?: PersonaPayment;
}

export const PERSONA_PAYMENT_OUTCOMES = ["pay", "decline", "abandon"] as const;

/** What a persona does with a payment link it is texted, and when. */
export interface PersonaPayment {
  outcome: (typeof PERSONA_PAYMENT_OUTCOMES)[number];
  /** Seconds after the text arrives (compressed by the call's speed). */
  afterSeconds: number;
  /** Up to this many seconds more, drawn from the seed. */
  jitterSeconds?: number;
  /** decline: the card network's reason (the Stripe simulator's default otherwise). */
  declineCode?: string;
}

/** An inline definition from the control API: a base persona plus overrides. */
export type PersonaOverrides = Partial<Persona> & { base?: string };

export interface NumberRange {
  prefix: string;
  persona: string;
  example: string;
}

/** The demo number plan: dial `<prefix>` followed by any four digits. */
export const NUMBER_PLAN: readonly NumberRange[] = [
  { prefix: "+1555010", persona: "live-human-en", example: "+15550100001" },
  { prefix: "+1555011", persona: "live-human-es", example: "+15550110001" },
  { prefix: "+1555012", persona: "angry-human", example: "+15550120001" },
  { prefix: "+1555013", persona: "live-human-fr", example: "+15550130001" },
  { prefix: "+1555014", persona: "reminder-payer", example: "+15550140001" },
  { prefix: "+1555020", persona: "answering-machine", example: "+15550200001" },
  { prefix: "+1555030", persona: "no-answer", example: "+15550300001" },
  { prefix: "+1555040", persona: "busy", example: "+15550400001" },
  { prefix: "+1555050", persona: "invalid-number", example: "+15550500001" },
  { prefix: "+1555060", persona: "fax", example: "+15550600001" },
  { prefix: "+1555070", persona: "not-sure", example: "+15550700001" },
  { prefix: "+1555090", persona: "agent-softphone", example: "+15550900001" },
];

export const DEFAULT_PERSONA = "live-human-en";
export const AGENT_PERSONA = "agent-softphone";
/** Who calls in when the control API names nobody. */
export const DEFAULT_INBOUND_PERSONA = "inbound-caller";
const AGENT_SIP_URI = /^sip:agent-[^@]*@/i;

/** The persona the number plan gives a dialled number (or SIP URI). */
export function planPersonaName(to: string): string {
  if (AGENT_SIP_URI.test(to)) return AGENT_PERSONA;
  const range = NUMBER_PLAN.find((r) => to.startsWith(r.prefix) && to.length === r.prefix.length + 4);
  return range?.persona ?? DEFAULT_PERSONA;
}

export type PersonaResolution = { ok: true; persona: Persona } | { ok: false; message: string };

/** Built-in personas plus numbers assigned one through the control API. */
export class PersonaDirectory {
  private readonly assigned = new Map<string, Persona>();

  list(): Persona[] {
    return [...BUILT_IN_PERSONAS];
  }

  assignments(): { number: string; persona: Persona }[] {
    return [...this.assigned].map(([number, persona]) => ({ number, persona }));
  }

  named(name: string): Persona | undefined {
    return BUILT_IN_PERSONAS.find((p) => p.name === name);
  }

  /** A named persona, or an inline definition layered on its base (default: the kind's usual persona). */
  resolve(spec: string | PersonaOverrides, fallbackName: string): PersonaResolution {
    if (typeof spec === "string") {
      const persona = this.named(spec);
      return persona ? { ok: true, persona } : { ok: false, message: `No persona named ${spec}` };
    }
    const { base: baseName, ...overrides } = spec;
    const baseGuess = baseName ?? (overrides.kind ? BUILT_IN_PERSONAS.find((p) => p.kind === overrides.kind)?.name : undefined);
    const base = this.named(baseGuess ?? fallbackName);
    if (!base) return { ok: false, message: `No persona named ${baseGuess ?? fallbackName}` };
    return { ok: true, persona: { ...base, name: `custom:${base.name}`, ...overrides } };
  }

  assign(number: string, persona: Persona): void {
    this.assigned.set(number, persona);
  }

  assignedTo(number: string): Persona | undefined {
    return this.assigned.get(number);
  }

  /** Who answers when `to` is dialled. */
  forDialled(to: string): Persona {
    return this.assigned.get(to) ?? this.named(planPersonaName(to)) ?? this.named(DEFAULT_PERSONA)!;
  }

  /** Who is calling in from `from` when the control API names nobody. */
  forCaller(from: string): Persona {
    return this.assigned.get(from) ?? this.named(DEFAULT_INBOUND_PERSONA)!;
  }

  reset(): void {
    this.assigned.clear();
  }
}
