// The call's features, composed: every task any feature wants, the schema its stored
// rows are read with, and one runner per task action. `TASK_RUNNERS` is typed by the
// task union, so a task kind that no feature runs fails to compile. Adding a capability
// adds a folder and a line here; the CallActor does not change.
import { z } from "zod";
import { carrierCommands } from "./carrier-commands";
import { carrierCommandSchema, type CarrierCommand } from "./carrier-commands/desired-commands";
import { heldForTheDisclosure } from "./carrier-commands/recording-disclosure";
import { dialer } from "./dialer";
import { intelligence, intelligenceTaskSchemas, type IntelligenceTask } from "./intelligence";
import { campaignUpdateTaskSchema, reserveAgentTaskSchema, type DialerTask } from "./dialer/dialer-tasks";
import type { CarrierEvent } from "../carrier-event";
import type { CallFeature, CallSituation, TaskContext, TaskOutcome, TaskRunner } from "./feature";
import { ivr } from "./ivr";
import { ivrAuditTaskSchema, ivrBookCallbackTaskSchema, ivrCampaignProgressTaskSchema, ivrCommandTaskSchema, ivrJoinQueueTaskSchema, ivrPaymentRequestTaskSchema, ivrReserveAgentTaskSchema, type IvrTask } from "./ivr/ivr-tasks";
import { poolUpdates } from "./pool-updates";
import { poolUpdateTaskSchema, type PoolUpdateTask } from "./pool-updates/pool-tasks";
import { copyRecordingTaskSchema, recordingCopy, type CopyRecordingTask } from "./recording-copy";
import { paymentLinks, sendPaymentLinkTaskSchema, type SendPaymentLinkTask } from "./payment-links";
import { supervision } from "./supervision";
import { helpRequests } from "./help-requests";
import { helpTaskSchema, type HelpTask } from "./help-requests/help-tasks";
import { recordingControls } from "./recording-controls";
import { recordingControlTaskSchema, type RecordingControlTask } from "./recording-controls/recording-control-tasks";
import { supervisorTaskSchema, type SupervisorTask } from "./supervision/supervision-tasks";
import { aiAgent } from "./ai-agent";
import { aiTaskSchemas, type AiTask } from "./ai-agent/ai-tasks";
import { queue } from "./queue";
import { queueTaskSchemas, type QueueTask } from "./queue/queue-tasks";

export type CallTask = CarrierCommand | DialerTask | PoolUpdateTask | CopyRecordingTask | IvrTask | SendPaymentLinkTask | SupervisorTask | HelpTask | RecordingControlTask | AiTask | IntelligenceTask | QueueTask;

/**
 * Stored tasks are read with this: rows outlive builds. Picked by `action` rather than
 * tried in turn: a plain union parsed a task against every shape listed before its own,
 * each failure building its issues (up to ~40 for the intelligence and queue tasks), and
 * every task is parsed once per actor start (bench:calls --profile-cpu: ~3 % of the
 * isolate). The campaign's two updates share their action, so that option is still a
 * union of the two, reached through its action.
 */
export const callTaskSchema: z.ZodType<CallTask> = z.discriminatedUnion("action", [
  carrierCommandSchema,
  reserveAgentTaskSchema,
  z.looseObject({ action: z.literal("campaign_update") }).pipe(campaignUpdateTaskSchema),
  poolUpdateTaskSchema,
  copyRecordingTaskSchema,
  ivrCommandTaskSchema,
  ivrPaymentRequestTaskSchema,
  ivrReserveAgentTaskSchema,
  sendPaymentLinkTaskSchema,
  ivrBookCallbackTaskSchema,
  ivrAuditTaskSchema,
  ivrJoinQueueTaskSchema,
  ivrCampaignProgressTaskSchema,
  supervisorTaskSchema,
  helpTaskSchema,
  recordingControlTaskSchema,
  ...aiTaskSchemas,
  ...intelligenceTaskSchemas,
  ...queueTaskSchemas,
]);

/** A feature's pure parts, which is all the actor's planning needs. */
export type PlannedFeature = Omit<CallFeature<CallTask>, "runners">;

/** In planning order: the pool hears of a call before the carrier is asked to connect it. */
export const CALL_FEATURES: readonly PlannedFeature[] = [poolUpdates, dialer, carrierCommands, ivr, paymentLinks, recordingCopy, intelligence, supervision, helpRequests, recordingControls, aiAgent, queue];

const CARRIER_ACTIONS: ReadonlySet<string> = new Set(carrierCommandSchema.options.map((option) => option.shape.action.value));

const isCarrierCommand = (task: CallTask): task is CarrierCommand => CARRIER_ACTIONS.has(task.action);

/** The carrier command a task sends, if it sends one (a feature's own command tasks wrap theirs). */
const carrierCommandOf = (task: CallTask): CarrierCommand | null => ("command" in task ? task.command : isCarrierCommand(task) ? task : null);

/** Every task the features want now (the actor adds each name once); nothing else is said to the customer before the recording disclosure. */
export const desiredCallTasks = (situation: CallSituation): CallTask[] =>
  heldForTheDisclosure(situation.spec, situation.record, CALL_FEATURES.flatMap((feature) => feature.desiredTasks(situation)), carrierCommandOf);

/** Events due by time alone, from every feature. */
export const dueCallEvents = (situation: CallSituation): CarrierEvent[] => CALL_FEATURES.flatMap((feature) => feature.dueEvents?.(situation) ?? []);

/** Each feature's own named timer: when it wants the call looked at again. */
export const featureWakeTimes = (situation: CallSituation): Record<string, number | null> =>
  Object.fromEntries(CALL_FEATURES.map((feature) => [feature.name, feature.wakeAtMs?.(situation) ?? null]));

const LEASE_BESIDE_THE_PASS_MS: ReadonlyMap<string, number> = new Map(
  CALL_FEATURES.flatMap((feature) => (feature.besideThePass ? feature.besideThePass.actions.map((action) => [action, feature.besideThePass!.leaseMs] as const) : [])),
);

/** How long a run of this task is leased when it runs beside the pass; null: it runs in the pass. */
export const leaseBesideThePassMs = (task: CallTask): number | null => LEASE_BESIDE_THE_PASS_MS.get(task.action) ?? null;

type TaskByAction = { [Action in CallTask["action"]]: Extract<CallTask, { action: Action }> };
type TaskRunners = { [Action in keyof TaskByAction]: TaskRunner<TaskByAction[Action]> };

const TASK_RUNNERS: TaskRunners = {
  ...carrierCommands.runners,
  ...dialer.runners,
  ...poolUpdates.runners,
  ...recordingCopy.runners,
  ...ivr.runners,
  ...paymentLinks.runners,
  ...supervision.runners,
  ...helpRequests.runners,
  ...recordingControls.runners,
  ...aiAgent.runners,
  ...intelligence.runners,
  ...queue.runners,
};

/** Runs a stored task with the runner for its action. */
export function runCallTask<Action extends keyof TaskByAction>(task: TaskByAction[Action] & { action: Action }, context: TaskContext): Promise<TaskOutcome> {
  const runner: TaskRunner<TaskByAction[Action]> = TASK_RUNNERS[task.action];
  return runner(task, context);
}
