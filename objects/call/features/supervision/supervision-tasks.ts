// The carrier commands supervision wants, as a pure function of the call and its
// sessions: dial each new supervisor (once the agent's leg is up) as a supervisor of the
// agent's leg in the session's mode; switch the role once per later request; hang the
// supervisor's leg up when they leave or the call ends. Named per session (and per
// request for a switch), so re-deriving after every event sends nothing twice.
import { z } from "zod";
import type { CallSpec } from "../../call-spec";
import type { CallRecord } from "../../machine";
import { SUPERVISOR_MODES } from "../../../../domain/supervision";
import { callIsOver, type SupervisionState } from "./session-machine";

const task = { name: z.string().min(1), sessionId: z.string().min(1) };

export const supervisorTaskSchema = z.discriminatedUnion("action", [
  z.object({
    ...task,
    action: z.literal("supervisor_dial"),
    to: z.string(),
    from: z.string(),
    /** The agent's leg: in whisper, the one leg that hears the supervisor. */
    superviseCallControlId: z.string(),
    role: z.enum(SUPERVISOR_MODES),
    timeoutSecs: z.number(),
  }),
  z.object({ ...task, action: z.literal("supervisor_switch"), callControlId: z.string(), role: z.enum(SUPERVISOR_MODES) }),
  z.object({ ...task, action: z.literal("supervisor_hangup"), callControlId: z.string() }),
]);
export type SupervisorTask = z.infer<typeof supervisorTaskSchema>;

/** How long a supervisor's softphone rings before the carrier gives up. */
export const SUPERVISOR_RING_SECONDS = 30;

const up = (state: string) => state === "answered" || state === "bridged";

export function desiredSupervisorTasks(spec: CallSpec, record: CallRecord, supervision: SupervisionState): SupervisorTask[] {
  const wanted: SupervisorTask[] = [];
  const over = callIsOver(record);
  const agentLeg = record.legs.agent;
  for (const session of supervision.sessions) {
    const { sessionId, callControlId } = session;
    const staying = !session.left && !over;
    if (staying && session.legState === "idle" && !callControlId && up(agentLeg.state) && agentLeg.callControlId) {
      wanted.push({
        name: `supervisor-dial-${sessionId}`,
        action: "supervisor_dial",
        sessionId,
        to: session.supervisor.address,
        from: spec.from,
        superviseCallControlId: agentLeg.callControlId,
        role: session.mode,
        timeoutSecs: SUPERVISOR_RING_SECONDS,
      });
    }
    if (!callControlId || session.legState === "ended") continue;
    if (staying && session.legState === "answered" && session.modeRequestId !== session.joinRequestId) {
      wanted.push({ name: `supervisor-switch-${session.modeRequestId}`, action: "supervisor_switch", sessionId, callControlId, role: session.mode });
    }
    if (!staying) wanted.push({ name: `supervisor-hangup-${sessionId}`, action: "supervisor_hangup", sessionId, callControlId });
  }
  return wanted;
}
