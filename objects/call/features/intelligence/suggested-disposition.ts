// The disposition suggested to the agent at wrap-up (they confirm or change it: nothing is
// saved for them). The model's, when one is set up and answered; else the offline rule's,
// read from the call's own analysis: no words from the customer is no contact; a wrong
// number, a dispute, a refusal, a promise to pay or a callback asked for, in that order
// (the one a supervisor would want first); else other. Each is labelled with where it came
// from. Pure.
import type { Disposition } from "../../../../domain/dispositions";
import type { TranscriptSegment } from "../../machine";
import type { CallIntelligence } from "./call-intelligence";
import type { IntelligenceRecord } from "./intelligence-record";
import type { ObjectionKind } from "./objection-lexicon";

export interface SuggestedDisposition {
  disposition: Disposition;
  reason: string;
  source: "model" | "rule";
  model: string | null;
  /** Why the rule's stands and not the model's; null for the model's own. */
  message: string | null;
}

const DISPUTED: ReadonlySet<ObjectionKind> = new Set(["dispute", "not_my_debt", "already_paid"]);
const REFUSED: ReadonlySet<ObjectionKind> = new Set(["refuse", "stop_calling", "cancel"]);
// A promise names paying in the first person or asks to; the languages the personas speak.
const PROMISE_TO_PAY =
  /\b(i('ll| will| can| could)( make a)? pay|i('ll| will) send (the )?(money|payment)|can i pay|puedo pagar|voy a pagar|le pago|pagar[ée]|je (vais |peux )?payer|je paierai|ich (werde |kann )?(zahlen|bezahlen)|posso pagare|pagher[òo]|eu (vou |posso )?pagar)\b/iu;
const CALLBACK = /\b(call (me )?back|call me (later|tomorrow|next week)|ll[aá]m(e|eme) (m[aá]s tarde|ma[nñ]ana|luego)|rappelez|rufen sie mich)\b/iu;
const WRONG_NUMBER = /\b(wrong number|n[uú]mero equivocado|mauvais num[eé]ro|falsche nummer|no (soy|conozco a) )/iu;

/** The offline rule's disposition for an ended call, from its transcript and analysis. */
export function ruleDisposition(transcript: readonly TranscriptSegment[], intelligence: Pick<CallIntelligence, "objections">): { disposition: Disposition; reason: string } {
  const customer = transcript.filter((segment) => segment.track === "inbound");
  if (customer.length === 0) return { disposition: "no_contact", reason: "the customer said nothing" };
  const said = (pattern: RegExp) => customer.find((segment) => pattern.test(segment.text));
  const objected = (kinds: ReadonlySet<ObjectionKind>) => intelligence.objections.find((objection) => kinds.has(objection.kind));
  const wrong = said(WRONG_NUMBER);
  if (wrong) return { disposition: "wrong_number", reason: `the customer said “${wrong.text}”` };
  const disputed = objected(DISPUTED);
  if (disputed) return { disposition: "dispute", reason: `the customer disputed the debt (${disputed.phrase})` };
  const refused = objected(REFUSED);
  if (refused) return { disposition: "refused", reason: `the customer refused (${refused.phrase})` };
  const promise = said(PROMISE_TO_PAY);
  if (promise) return { disposition: "promise_to_pay", reason: `the customer said “${promise.text}” (add the date and amount)` };
  const callback = said(CALLBACK);
  if (callback) return { disposition: "callback", reason: `the customer asked to be called back: “${callback.text}”` };
  return { disposition: "other", reason: "nothing the offline rule recognises" };
}

/** What the wrap-up form offers: null while the call is live (nothing to disposition yet). */
export function suggestedDispositionView(
  record: { endedAtMs: number | null; transcript: readonly TranscriptSegment[]; intelligence: IntelligenceRecord },
  intelligence: Pick<CallIntelligence, "objections">,
): SuggestedDisposition | null {
  if (record.endedAtMs === null) return null;
  const fromModel = record.intelligence.suggestedDisposition;
  if (fromModel?.disposition) return { disposition: fromModel.disposition, reason: fromModel.reason ?? "", source: "model", model: fromModel.model, message: null };
  const rule = ruleDisposition(record.transcript, intelligence);
  const why = fromModel ? fromModel.error : record.intelligence.started?.model.configured ? "the model's suggestion is on its way" : null;
  return { ...rule, source: "rule", model: null, message: why === null ? "The offline rule's suggestion." : `The offline rule's suggestion: ${why}.` };
}
