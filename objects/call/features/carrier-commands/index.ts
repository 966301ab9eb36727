// Carrier commands: the commands the call wants (desired-commands.ts, pure), each sent
// once with its stored command_id through the carrier port; the hang-up watchdog that
// closes the record when the carrier never confirms our hang-up; the ring, beep and
// maximum-length timers.
import { commandFailed, dialAccepted, transcribedFromAnswer, watchdogEnded } from "../../local-events";
import type { CallFeature, CallSituation, TaskContext, TaskOutcome } from "../feature";
import { desiredCommands, hangupUnconfirmed, nextWatchdogAtMs, type CarrierCommand } from "./desired-commands";

const lastHangupSentAtMs = (situation: CallSituation) => situation.tasks.lastDoneAtMs("hangup-");

async function sendCommand(command: CarrierCommand, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const { spec, record, nowMs } = situation;
  // Still wanted? Events may have arrived since it was planned (for example the call ended).
  if (!desiredCommands(spec, record, nowMs).some((wanted) => wanted.name === command.name)) return { kind: "done", note: "no longer needed" };
  const outcome = await ports.carrier.send(spec, command, attempt.commandId);
  const now = ports.now();
  switch (outcome.kind) {
    case "done":
      return { kind: "done", events: acceptedEvents(command, outcome.callControlId, now) };
    case "moot":
      return { kind: "done", note: outcome.error };
    case "retry":
      if (!attempt.isLast) return { kind: "retry", error: outcome.error };
      return failed(command, outcome.error, now);
    case "failed":
      return failed(command, outcome.error, now);
  }
}

/** What the carrier taking a command tells the call: a dial's leg rings; a dial or answer that transcribes from the answer needs no transcription_start. */
function acceptedEvents(command: CarrierCommand, callControlId: string | undefined, now: number) {
  const events = [];
  if (command.action === "dial" && callControlId) events.push(dialAccepted(command.leg, now, callControlId, command.agentGeneration));
  if ((command.action === "dial" || command.action === "answer") && command.transcribe) events.push(transcribedFromAnswer(command.leg, now));
  return events;
}

/** A dial the carrier refused ends that leg (the call fails); other commands just stop. */
function failed(command: CarrierCommand, error: string, now: number): TaskOutcome {
  return { kind: "failed", error, events: command.action === "dial" ? [commandFailed(command.leg, now, command.name, error, command.agentGeneration)] : [] };
}

export const carrierCommands: CallFeature<CarrierCommand> = {
  name: "carrierCommands",
  desiredTasks: ({ spec, record, nowMs }) => desiredCommands(spec, record, nowMs),
  wakeAtMs: (situation) => nextWatchdogAtMs(situation.spec, situation.record, lastHangupSentAtMs(situation)),
  dueEvents: (situation) => (hangupUnconfirmed(situation.record, lastHangupSentAtMs(situation), situation.nowMs) ? [watchdogEnded(situation.nowMs)] : []),
  runners: {
    dial: sendCommand,
    answer: sendCommand,
    hangup: sendCommand,
    record_start: sendCommand,
    transcription_start: sendCommand,
    transcription_stop: sendCommand,
    bridge: sendCommand,
    speak: sendCommand,
    gather_using_speak: sendCommand,
    record_pause: sendCommand,
    record_resume: sendCommand,
    playback_stop: sendCommand,
  },
};
