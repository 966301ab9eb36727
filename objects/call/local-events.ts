// The events we raise ourselves, built in one place. Their ids are stable (type and leg),
// so raising one twice is a duplicate the inbox ignores, like a redelivered webhook.
// `payload` holds their fields for the stored record row, as the carrier's payload does.
import { LOCAL_EVENTS, type CallLeg, type EventOf, type ReservedAgent, type Supervisor } from "./carrier-event";
import type { SupervisorMode } from "../../domain/supervision";

type LocalEventType = (typeof LOCAL_EVENTS)[keyof typeof LOCAL_EVENTS];

const common = <Type extends LocalEventType>(type: Type, leg: CallLeg, atMs: number, callControlId = "") => ({
  id: `${type}:${leg}`,
  type,
  occurredAtMs: atMs,
  leg,
  callControlId,
  callSessionId: null,
});

export const dialAccepted = (leg: CallLeg, atMs: number, callControlId: string): EventOf<typeof LOCAL_EVENTS.dialAccepted> => ({
  ...common(LOCAL_EVENTS.dialAccepted, leg, atMs, callControlId),
  payload: {},
});

export const hangupRequested = (atMs: number): EventOf<typeof LOCAL_EVENTS.hangupRequested> => ({
  ...common(LOCAL_EVENTS.hangupRequested, "customer", atMs),
  payload: {},
});

export const commandFailed = (leg: CallLeg, atMs: number, command: string, detail: string): EventOf<typeof LOCAL_EVENTS.commandFailed> => ({
  ...common(LOCAL_EVENTS.commandFailed, leg, atMs),
  command,
  detail,
  payload: { command, detail },
});

export const watchdogEnded = (atMs: number): EventOf<typeof LOCAL_EVENTS.watchdogEnded> => ({
  ...common(LOCAL_EVENTS.watchdogEnded, "customer", atMs),
  payload: {},
});

export const agentReserved = (atMs: number, agent: ReservedAgent): EventOf<typeof LOCAL_EVENTS.agentReserved> => ({
  ...common(LOCAL_EVENTS.agentReserved, "agent", atMs),
  agent,
  payload: { userId: agent.userId, address: agent.address, ...(agent.name ? { name: agent.name } : {}) },
});

export const agentUnavailable = (atMs: number): EventOf<typeof LOCAL_EVENTS.agentUnavailable> => ({
  ...common(LOCAL_EVENTS.agentUnavailable, "customer", atMs),
  payload: {},
});

// ---- Supervision: ids carry the request or the session, as a call may have many ----

const onSupervisorLeg = <Type extends LocalEventType>(type: Type, key: string, atMs: number, callControlId = "") => ({
  id: `${type}:${key}`,
  type,
  occurredAtMs: atMs,
  leg: "supervisor" as const,
  callControlId,
  callSessionId: null,
});

/** A join (a new session id) or a switch; `requestId` is fresh per request, so two asks are two events. */
export const supervisionRequested = (
  atMs: number,
  request: { requestId: string; sessionId: string; supervisor: Supervisor; mode: SupervisorMode; visibleToAgent: boolean },
): EventOf<typeof LOCAL_EVENTS.supervisionRequested> => ({
  ...onSupervisorLeg(LOCAL_EVENTS.supervisionRequested, request.requestId, atMs),
  sessionId: request.sessionId,
  supervisor: request.supervisor,
  mode: request.mode,
  visibleToAgent: request.visibleToAgent,
  payload: { sessionId: request.sessionId, userId: request.supervisor.userId, name: request.supervisor.name, mode: request.mode, visibleToAgent: request.visibleToAgent },
});

export const supervisionLeft = (atMs: number, sessionId: string): EventOf<typeof LOCAL_EVENTS.supervisionLeft> => ({
  ...onSupervisorLeg(LOCAL_EVENTS.supervisionLeft, sessionId, atMs),
  sessionId,
  payload: { sessionId },
});

export const supervisorDialAccepted = (atMs: number, sessionId: string, callControlId: string): EventOf<typeof LOCAL_EVENTS.supervisorDialAccepted> => ({
  ...onSupervisorLeg(LOCAL_EVENTS.supervisorDialAccepted, sessionId, atMs, callControlId),
  sessionId,
  payload: { sessionId },
});

export const supervisorDialFailed = (atMs: number, sessionId: string, detail: string): EventOf<typeof LOCAL_EVENTS.supervisorDialFailed> => ({
  ...onSupervisorLeg(LOCAL_EVENTS.supervisorDialFailed, sessionId, atMs),
  sessionId,
  detail,
  payload: { sessionId, detail },
});
