// A line the agent may say when the customer's mood drops or they object (assist only: it
// is shown on the agent's card, never said or acted on by itself). Offline, from a small
// script per objection (PRODUCT.md §6's collections defaults), worded to keep the call
// lawful: a request to stop calling is noted, a lawyer's details asked for, a dispute
// verified in writing. An objection on the customer's latest line wins; else a window
// under the alert threshold, or falling below zero, gets a calming line. Pure.
import type { TranscriptSegment } from "../../machine";
import { LOW_SENTIMENT_THRESHOLD } from "./alert-rules";
import type { CallIntelligence } from "./call-intelligence";
import type { DefaultObjectionKind, ObjectionKind } from "./objection-lexicon";

export const DEESCALATION_SCRIPT: Record<DefaultObjectionKind, string> = {
  cant_afford: "I understand money is tight right now. Let's look at what you can manage: would a smaller payment or a plan over a few months help?",
  already_paid: "Thank you for telling me. Could you tell me when and how you paid, so I can find that payment and correct your account?",
  not_my_debt: "I understand. I'll note that you don't recognise this debt, and we'll send you the details in writing so you can check them.",
  stop_calling: "I understand, and I'm noting your request that we stop calling you. Is there a way you'd prefer we contact you in writing?",
  lawyer: "Thank you for letting me know. Could you give me your lawyer's name and number, so we speak with them from now on?",
  lawsuit: "I understand this is serious for you. I'll note it on your account; could you give me the name of your lawyer, if you have one?",
  dispute: "I hear that you dispute this. I'll note the dispute now, and we'll send you verification in writing before asking for any payment.",
  supervisor: "Of course. Let me note what you've told me so far, so my supervisor has it when they speak with you.",
  complaint: "I'm sorry this has been frustrating. I'll record your complaint now; what would put this right for you?",
  cancel: "I understand you'd like to cancel. Let me note that and tell you exactly what happens next.",
  refuse: "I understand, and you're not obliged to decide today. May I tell you the options, so you have them when you're ready?",
  unfair: "I hear that this feels unfair. Let's go through the amount together, so you can see where each part comes from.",
  illegal: "I'm sorry you feel that way. I'll note your concern, and I'm happy to send you our details in writing so you can check them.",
};

/** Said when the mood drops without an objection to answer, or for an organisation's own phrase. */
export const CALMING_LINE = "I can hear this is frustrating, and I'm here to help. What would make this easier for you right now?";

export interface SuggestedLine {
  text: string;
  /** Why now: an objection on the customer's latest line, or their mood dropping. */
  reason: "objection" | "sentiment";
  objection: ObjectionKind | null;
  /** The customer line it answers. */
  segmentId: string;
}

const scripted = (kind: string): string => (kind in DEESCALATION_SCRIPT ? DEESCALATION_SCRIPT[kind as DefaultObjectionKind] : CALMING_LINE);

/** The script's line for an objection, or the calming line for a mood drop (null). */
export const scriptedLineFor = (objection: string | null): string => (objection === null ? CALMING_LINE : scripted(objection));

/** The line to suggest after the customer's latest words; null while the mood is fine and nothing was objected. */
export function suggestedLine(transcript: readonly TranscriptSegment[], intelligence: Pick<CallIntelligence, "objections" | "sentiment">): SuggestedLine | null {
  const latest = transcript.findLast((segment) => segment.track === "inbound");
  if (!latest) return null;
  const objection = intelligence.objections.findLast((raised) => raised.segmentId === latest.id);
  if (objection) return { text: scripted(objection.kind), reason: "objection", objection: objection.kind, segmentId: latest.id };
  const mood = intelligence.sentiment;
  if (mood && (mood.score < LOW_SENTIMENT_THRESHOLD || (mood.trend === "falling" && mood.score < 0))) {
    return { text: CALMING_LINE, reason: "sentiment", objection: null, segmentId: latest.id };
  }
  return null;
}
