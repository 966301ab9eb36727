// Keys a caller presses in a sensitive IVR step (the amount, and anything keyed while a
// payment is under way) are never kept: before an event is stored, its digits become
// "•" in its typed fields and in the carrier payload the record row copies, and the
// amount the IVR read from them rides along as `ivrAmount`. Run on arrival, against the
// call as it stood before the event (the step the keys answer). Pure.
import { isKnownEvent, type CarrierEvent } from "../../carrier-event";
import type { CallSpec } from "../../call-spec";
import { readAmount } from "./amount";
import { isSensitiveStep } from "./ivr-state";
import { ivrStateOf } from "./ivr-tasks";

/** What stands in for keys that are not kept. */
export const REDACTED_KEYS = "•";

/** The carrier's fields that carry keys: `digits` (gather ended) and `digit` (each key received). */
const KEY_FIELDS = ["digits", "digit"] as const;

export function redactSensitiveKeys(spec: CallSpec, before: readonly CarrierEvent[], incoming: CarrierEvent): CarrierEvent {
  const carriesKeys = incoming.type === "call.gather.ended" || incoming.type === "call.dtmf.received" || KEY_FIELDS.some((field) => field in incoming.payload);
  if (!carriesKeys) return incoming;
  const found = ivrStateOf({ spec, events: before });
  if (!found || !isSensitiveStep(found.state.step)) return incoming;
  const { step, balanceCents } = found.state;
  const payload = { ...incoming.payload };
  for (const field of KEY_FIELDS) if (field in payload) payload[field] = REDACTED_KEYS;
  if (isKnownEvent(incoming) && incoming.type === "call.gather.ended") {
    const ivrAmount = step.kind === "amount" ? readAmount(incoming.digits, balanceCents ?? 0) : undefined;
    return { ...incoming, digits: REDACTED_KEYS, payload, ...(ivrAmount ? { ivrAmount } : {}) };
  }
  return { ...incoming, payload };
}
