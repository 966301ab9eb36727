// The callback call of one attempt, as a pure function of the queue call it is for: a
// bridge call (the reserved agent's leg first, then the caller with answering-machine
// detection, bridged once a person answers), from the number they called to the number
// they called from, recorded and disclosed as their call was. It tells the queue call
// how it ended (`spec.queueCallback`), so a miss is retried.
import type { CallSpec } from "../../call-spec";
import type { CallbackAttempt } from "./queue-callback";

/** How long the caller's phone rings on a callback (never below the law's 15 s). */
export const CALLBACK_RING_SECONDS = 30;

export function callbackCallSpec(queueCall: CallSpec, queueId: string, attempt: CallbackAttempt, nowMs: number): CallSpec {
  return {
    id: attempt.callbackCallId,
    organizationId: queueCall.organizationId,
    kind: "bridge",
    direction: "outbound",
    to: queueCall.from,
    from: queueCall.to,
    agentUserId: attempt.agentUserId,
    agentAddress: attempt.agentAddress,
    accountId: queueCall.accountId,
    createdAtMs: nowMs,
    ringTimeoutSeconds: CALLBACK_RING_SECONDS,
    record: queueCall.record,
    transcribe: queueCall.transcribe,
    inbound: null,
    parties: queueCall.parties ?? null,
    wrapUp: queueCall.wrapUp ?? null,
    recordingDisclosure: queueCall.recordingDisclosure ?? null,
    queueCallback: { queueCallId: queueCall.id, queueId, attempt: attempt.attempt },
  };
}
