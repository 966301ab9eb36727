// The carrier commands the agent's recording controls want: one record_pause or
// record_resume per accepted request, on the customer's leg, while the call lasts. Named
// per request, so re-deriving sends nothing twice; each waits for the one before it.
import { z } from "zod";
import { carrierCommandSchema } from "../carrier-commands/desired-commands";
import type { CallSpec } from "../../call-spec";
import type { CallRecord } from "../../machine";
import { recordingOver, type RecordingControl, type RecordingControlState } from "./recording-state";

export const recordingControlTaskSchema = z.object({
  name: z.string().startsWith("agent-record-"),
  action: z.literal("recording_control"),
  /** The task before it (the previous request's), which must have settled first. */
  after: z.string().nullable(),
  command: carrierCommandSchema,
});
export type RecordingControlTask = z.infer<typeof recordingControlTaskSchema>;

/** The task that sends a request's record_pause or record_resume. */
export const controlTaskName = (control: Pick<RecordingControl, "action" | "requestId">) => `agent-record-${control.action}-${control.requestId}`;

/**
 * On a transcribed call each pause also stops the carrier's transcription and each resume
 * starts it again (what it hears meanwhile is masked on arrival anyway:
 * ivr/key-redaction.ts). All in one chain, in the order asked.
 */
export function desiredRecordingControlTasks(spec: CallSpec, record: CallRecord, state: RecordingControlState): RecordingControlTask[] {
  const callControlId = record.legs.customer.callControlId;
  if (!callControlId || recordingOver(spec, record)) return [];
  let after: string | null = null;
  const tasks: RecordingControlTask[] = [];
  const add = (name: string, action: "record_pause" | "record_resume" | "transcription_stop" | "transcription_start") => {
    tasks.push({ name, action: "recording_control", after, command: { name, action, leg: "customer", callControlId } });
    after = name;
  };
  for (const control of state.controls) {
    const name = controlTaskName(control);
    add(name, control.action === "pause" ? "record_pause" : "record_resume");
    if (spec.transcribe) add(`${name}-transcription`, control.action === "pause" ? "transcription_stop" : "transcription_start");
  }
  return tasks;
}
