// The carrier commands the agent's recording controls want: one record_pause or
// record_resume per accepted request, on the customer's leg, while the call lasts. Named
// per request, so re-deriving sends nothing twice; each waits for the one before it.
import { z } from "zod";
import { carrierCommandSchema } from "../carrier-commands/desired-commands";
import type { CallRecord } from "../../machine";
import { callIsOver } from "../supervision/session-machine";
import type { RecordingControlState } from "./recording-state";

export const recordingControlTaskSchema = z.object({
  name: z.string().startsWith("agent-record-"),
  action: z.literal("recording_control"),
  /** The task before it (the previous request's), which must have settled first. */
  after: z.string().nullable(),
  command: carrierCommandSchema,
});
export type RecordingControlTask = z.infer<typeof recordingControlTaskSchema>;

export function desiredRecordingControlTasks(record: CallRecord, state: RecordingControlState): RecordingControlTask[] {
  const callControlId = record.legs.customer.callControlId;
  if (!callControlId || callIsOver(record)) return [];
  let after: string | null = null;
  return state.controls.map((control) => {
    const name = `agent-record-${control.action}-${control.requestId}`;
    const task: RecordingControlTask = {
      name,
      action: "recording_control",
      after,
      command: { name, action: control.action === "pause" ? "record_pause" : "record_resume", leg: "customer", callControlId },
    };
    after = name;
    return task;
  });
}
