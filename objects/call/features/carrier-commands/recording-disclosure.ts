// The recording disclosure's place in a call: spoken to the customer as soon as they are
// on the line, before recording starts, and before anything else is said to them. Its
// speak tags the leg's client_state (client-state.ts), so its end arrives as its own
// event (wib.recording_disclosure.played) and never passes for a message, the voicemail,
// the safe-harbor message, an IVR prompt or a queue announcement ending. Telnyx's speak
// events carry the client_state the leg's latest command set, so no other speech may
// start on the customer's leg until the disclosure has ended: those tasks are held back.
import type { CallSpec } from "../../call-spec";
import type { CallRecord } from "../../machine";
import type { CarrierCommand } from "./desired-commands";

/** What the call says before recording, if anything (the Worker decided it from the account's state or the number). */
export const disclosureToPlay = (spec: Pick<CallSpec, "record" | "recordingDisclosure">): string | null => (spec.record ? (spec.recordingDisclosure ?? null) : null);

/** The disclosure is owed and has not finished playing. */
export const disclosurePending = (spec: CallSpec, record: CallRecord): boolean => disclosureToPlay(spec) !== null && !record.disclosurePlayed;

/** A command that says something to the customer other than the disclosure itself. */
export function otherSpeechToCustomer(command: CarrierCommand): boolean {
  if (command.leg !== "customer") return false;
  if (command.action === "gather_using_speak") return true;
  return command.action === "speak" && command.speech !== "recording_disclosure";
}

/** The tasks that may go now: while the disclosure is pending, none that speaks to the customer. */
export function heldForTheDisclosure<Task extends { action: string }>(
  spec: CallSpec,
  record: CallRecord,
  tasks: Task[],
  commandOf: (task: Task) => CarrierCommand | null,
): Task[] {
  if (!disclosurePending(spec, record)) return tasks;
  return tasks.filter((task) => {
    const command = commandOf(task);
    return command === null || !otherSpeechToCustomer(command);
  });
}
