// What a call feature is: a folder under features/ with pure parts (which tasks it wants
// given the call as it stands, when it wants to wake, events that are due by time alone)
// and runners for its task actions, each run against small ports. The CallActor composes
// the features (registry.ts) and executes their tasks through the durable task queue:
// a task is named, added once, sent with one command id, retried with backoff. A runner
// never touches storage: it returns an outcome (events to add, rows to write, done /
// retry / failed) that the actor applies, so runners are tested against fake ports alone.
import type { TaskState } from "../../shared/durable";
import type { CallSpec } from "../call-spec";
import type { CarrierEvent } from "../carrier-event";
import type { CallRecord } from "../machine";
import type { CallPorts, CommandOutcome } from "../ports";
import type { RecordRow } from "../../../db/writers/call-rows";

/** Every task has a stable name (one per call) and an action its runner is keyed by. */
export interface CallTaskShape {
  name: string;
  action: string;
}

/** What the features' pure parts read: the call as it stands now. */
export interface CallSituation {
  spec: CallSpec;
  record: CallRecord;
  /**
   * The call's events in order (a feature may fold its own state from them). Never changed
   * in place: an added event makes a new array (CallStorage), so a fold may be kept per array.
   */
  events: readonly CarrierEvent[];
  nowMs: number;
  tasks: TaskLookup;
}

/** Read-only view of the call's stored tasks. */
export interface TaskLookup {
  state(name: string): TaskState | null;
  /** When a task whose name starts with `prefix` last finished done. */
  lastDoneAtMs(prefix: string): number | null;
}

export interface TaskAttempt {
  /** Fixed when the task was added: the receiver deduplicates by it. */
  commandId: string;
  /** Tries before this one. */
  attempts: number;
  /** A failure now gives up (the runner may want to say what that means for the call). */
  isLast: boolean;
}

export interface TaskContext {
  situation: CallSituation;
  ports: CallPorts;
  attempt: TaskAttempt;
}

export interface QueuedRow {
  key: string;
  row: RecordRow;
}

export type TaskOutcome =
  | { kind: "done"; note?: string; events?: CarrierEvent[]; rows?: QueuedRow[] }
  | { kind: "failed"; error: string; events?: CarrierEvent[] }
  /** Try again: at `atMs` (the feature's own schedule, no limit), else with the queue's backoff until it gives up. */
  | { kind: "retry"; error: string; atMs?: number };

export type TaskRunner<Task> = (task: Task, context: TaskContext) => Promise<TaskOutcome>;

/**
 * A carrier command's outcome as its task's: taken (`done`: what the feature records of it),
 * moot (the call is gone, nothing left to do), retried until the last attempt, or failed.
 */
export function commandTaskOutcome(outcome: CommandOutcome, attempt: TaskAttempt, done: TaskOutcome = { kind: "done" }): TaskOutcome {
  switch (outcome.kind) {
    case "done":
      return done;
    case "moot":
      return { kind: "done", note: outcome.error };
    case "retry":
      return attempt.isLast ? { kind: "failed", error: outcome.error } : { kind: "retry", error: outcome.error };
    case "failed":
      return { kind: "failed", error: outcome.error };
  }
}

/** One runner per action of the feature's tasks: leaving one out fails to compile. */
export type RunnersFor<Task extends CallTaskShape> = { [Action in Task["action"]]: TaskRunner<Extract<Task, { action: Action }>> };

export interface CallFeature<Task extends CallTaskShape> {
  name: string;
  /** The tasks this feature wants now; the actor adds each name once. */
  desiredTasks(situation: CallSituation): Task[];
  /** When the feature wants the call looked at again even if nothing arrives. */
  wakeAtMs?(situation: CallSituation): number | null;
  /** Events that are due by time alone (e.g. the hang-up watchdog), added at the start of a pass. */
  dueEvents?(situation: CallSituation): CarrierEvent[];
  runners: RunnersFor<Task>;
  /**
   * Actions whose runs wait on something slow and optional (the model): the actor runs
   * them beside its pass (shared/durable/off-pass-runs.ts), each leased for `leaseMs`
   * (longer than the port's own deadline), so the call's commands never wait on them.
   */
  besideThePass?: { actions: readonly Task["action"][]; leaseMs: number };
}
