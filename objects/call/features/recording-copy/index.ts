// Recording copy: each recording the carrier saved is copied into our store (R2) and
// its row written to the record, retried with backoff; the carrier's link expires, so
// a copy that keeps failing gives up rather than retry forever.
import { z } from "zod";
import type { CallSpec } from "../../call-spec";
import type { SavedRecording } from "../../machine";
import type { CallFeature, TaskContext, TaskOutcome } from "../feature";

export const copyRecordingTaskSchema = z.object({
  name: z.string().min(1),
  action: z.literal("copy_recording"),
  recordingId: z.string(),
  url: z.string(),
  startedAtMs: z.number().nullable(),
  endedAtMs: z.number().nullable(),
});
export type CopyRecordingTask = z.infer<typeof copyRecordingTaskSchema>;

const copyTask = (recording: SavedRecording): CopyRecordingTask => ({
  name: `copy-recording-${recording.id}`,
  action: "copy_recording",
  recordingId: recording.id,
  url: recording.url,
  startedAtMs: recording.startedAtMs,
  endedAtMs: recording.endedAtMs,
});

/** Where a recording lives in our store: under its organisation and call. */
export const recordingStorageKey = (spec: CallSpec, recordingId: string) => `${spec.organizationId}/${spec.id}/${recordingId}`;

async function copyRecording(task: CopyRecordingTask, { situation, ports }: TaskContext): Promise<TaskOutcome> {
  const { spec } = situation;
  const storageKey = recordingStorageKey(spec, task.recordingId);
  try {
    const { contentType, sizeBytes } = await ports.recordings.copy(task.url, storageKey);
    const row = {
      id: task.recordingId,
      organizationId: spec.organizationId,
      callId: spec.id,
      storageKey,
      contentType,
      sizeBytes,
      startedAt: task.startedAtMs === null ? null : new Date(task.startedAtMs),
      endedAt: task.endedAtMs === null ? null : new Date(task.endedAtMs),
    };
    return { kind: "done", rows: [{ key: `recording:${task.recordingId}`, row: { table: "recording", row } }] };
  } catch (error) {
    return { kind: "retry", error: String(error) };
  }
}

export const recordingCopy: CallFeature<CopyRecordingTask> = {
  name: "recordingCopy",
  desiredTasks: ({ record }) => record.recordings.map(copyTask),
  runners: { copy_recording: copyRecording },
};
