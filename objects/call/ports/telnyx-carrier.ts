// The real carrier port: sends a call's carrier commands through the `telnyx` SDK
// (pointed at the simulator locally) and says what a failure means: retry with the same
// command_id, give up, or nothing to do because the call already ended.
import Telnyx from "telnyx";
import { encodeClientState } from "../client-state";
import type { CallSpec } from "../call-spec";
import type { CarrierCommand } from "../features/carrier-commands/desired-commands";
import type { SupervisorTask } from "../features/supervision/supervision-tasks";
import { forgetSoftphoneAddress, softphoneDialAddress } from "./softphone-address";

export interface CarrierConfig {
  /** "simulator": the carrier is our simulator, which may be told the parties' names (client-state.ts). */
  CARRIER_MODE?: string;
  TELNYX_API_KEY?: string;
  TELNYX_BASE_URL?: string;
  TELNYX_CONNECTION_ID?: string;
  /** Set when people's softphones have on-demand credentials: their legs are dialled at the credential's address. */
  TELNYX_CREDENTIAL_CONNECTION_ID?: string;
}

export type CommandOutcome =
  | { kind: "done"; callControlId?: string }
  | { kind: "retry"; error: string }
  | { kind: "failed"; error: string }
  /** The carrier says the call is gone: the command has nothing left to do. */
  | { kind: "moot"; error: string };

/** Short, because a stuck request holds the call up; the SDK retries twice on its own. */
const REQUEST_TIMEOUT_MS = 5000;
const CALL_ALREADY_ENDED = "90018";
/** What a call's transcription hears: the customer and, on the same leg, whoever talks to them. */
const TRANSCRIPTION = { transcription_tracks: "both" };
/** A dial's or an answer's fields that transcribe the leg from its answer. */
const TRANSCRIBE_FROM_ANSWER = { transcription: true, transcription_config: TRANSCRIPTION };

/** What the simulator's script may say on a command's leg: the customer's name and balance, or the agent's name. */
function scriptVariables(spec: CallSpec, command: CarrierCommand): Record<string, string> {
  const parties = spec.parties ?? {};
  const known = (entries: [string, string | null | undefined][]) => Object.fromEntries(entries.filter((entry): entry is [string, string] => !!entry[1]));
  if (command.leg === "customer") return known([["customer", parties.customerName], ["balance", parties.balance]]);
  return known([["agent", parties.agentName ?? (command.action === "dial" ? command.agentName : undefined)]]);
}

export class TelnyxCarrier {
  private readonly client: Telnyx;

  constructor(private readonly config: CarrierConfig) {
    if (!config.TELNYX_API_KEY) throw new Error("TELNYX_API_KEY is not set: the carrier cannot be reached");
    this.client = new Telnyx({
      apiKey: config.TELNYX_API_KEY,
      baseURL: config.TELNYX_BASE_URL || undefined,
      timeout: REQUEST_TIMEOUT_MS,
      maxRetries: 2,
    });
  }

  supervise(spec: CallSpec, task: SupervisorTask, commandId: string): Promise<CommandOutcome> {
    return sendSupervisorTask(this.client, this.config, spec, task, commandId);
  }

  async send(spec: CallSpec, command: CarrierCommand, commandId: string): Promise<CommandOutcome> {
    const vars = this.config.CARRIER_MODE === "simulator" ? scriptVariables(spec, command) : undefined;
    const generation = command.agentGeneration ? { agentGeneration: command.agentGeneration } : {};
    const clientState = encodeClientState({ organizationId: spec.organizationId, callId: spec.id, leg: command.leg, ...generation }, vars);
    // Speech sets the leg's client_state every time (tagged only for the recording
    // disclosure), so a speak's end says which speech it was; see recording-disclosure.ts.
    const speechState = encodeClientState({ organizationId: spec.organizationId, callId: spec.id, leg: command.leg, ...generation, ...(command.action === "speak" && command.speech ? { speech: command.speech } : {}) }, vars);
    const actions = this.client.calls.actions;
    try {
      switch (command.action) {
        case "dial": {
          // Where the person's softphone rings (remembered briefly; a refused dial forgets it, so its retry asks again).
          const to = command.leg === "agent" ? await softphoneDialAddress(this.client, this.config.TELNYX_CREDENTIAL_CONNECTION_ID, command.to, Date.now()) : command.to;
          const response = await this.client.calls.dial({
            connection_id: this.config.TELNYX_CONNECTION_ID ?? "",
            to,
            from: command.from,
            answering_machine_detection: command.amd,
            client_state: clientState,
            timeout_secs: command.timeoutSecs,
            ...(command.transcribe ? TRANSCRIBE_FROM_ANSWER : {}),
            command_id: commandId,
          });
          return { kind: "done", callControlId: response.data?.call_control_id };
        }
        case "answer":
          await actions.answer(command.callControlId, { client_state: clientState, ...(command.transcribe ? TRANSCRIBE_FROM_ANSWER : {}), command_id: commandId });
          return { kind: "done" };
        case "hangup":
          await actions.hangup(command.callControlId, { client_state: clientState, command_id: commandId });
          return { kind: "done" };
        case "bridge":
          await actions.bridge(command.callControlId, {
            call_control_id_to_bridge_with: command.otherCallControlId,
            ...(command.muteDtmf ? { mute_dtmf: command.muteDtmf } : {}),
            // No client_state: the leg has had it since its dial or answer, and setting it
            // again while the disclosure plays would strip the tag its end is known by.
            command_id: commandId,
          });
          return { kind: "done" };
        case "record_start":
          await actions.startRecording(command.callControlId, { channels: "dual", format: "wav", command_id: commandId });
          return { kind: "done" };
        case "transcription_start":
          await actions.startTranscription(command.callControlId, { ...TRANSCRIPTION, command_id: commandId });
          return { kind: "done" };
        case "transcription_stop":
          await actions.stopTranscription(command.callControlId, { command_id: commandId });
          return { kind: "done" };
        case "speak":
          await actions.speak(command.callControlId, {
            payload: command.text,
            voice: command.voice ?? "female",
            ...(command.language ? { language: command.language } : {}),
            client_state: speechState,
            command_id: commandId,
          });
          return { kind: "done" };
        case "gather_using_speak":
          await actions.gatherUsingSpeak(command.callControlId, {
            payload: command.text,
            voice: "female",
            language: command.language,
            minimum_digits: 1,
            maximum_digits: command.maxDigits,
            terminating_digit: "#",
            valid_digits: "0123456789*#",
            timeout_millis: command.timeoutMs,
            client_state: speechState,
            command_id: commandId,
          });
          return { kind: "done" };
        case "record_pause":
          await actions.pauseRecording(command.callControlId, { command_id: commandId });
          return { kind: "done" };
        case "record_resume":
          await actions.resumeRecording(command.callControlId, { command_id: commandId });
          return { kind: "done" };
        case "playback_stop":
          await actions.stopPlayback(command.callControlId, { stop: "all", command_id: commandId });
          return { kind: "done" };
        default:
          return assertNever(command);
      }
    } catch (error) {
      // A refused dial to a person's leg: the retry asks the carrier where they ring now.
      if (command.action === "dial" && command.leg === "agent") forgetSoftphoneAddress(command.to);
      return classify(error);
    }
  }
}

/** A supervisor's leg (Telnyx: a dial with supervise_call_control_id + supervisor_role, then switch_supervisor_role). */
export async function sendSupervisorTask(client: Telnyx, config: CarrierConfig, spec: CallSpec, task: SupervisorTask, commandId: string): Promise<CommandOutcome> {
  const clientState = encodeClientState({ organizationId: spec.organizationId, callId: spec.id, leg: "supervisor" });
  try {
    switch (task.action) {
      case "supervisor_dial": {
        const response = await client.calls.dial({
          connection_id: config.TELNYX_CONNECTION_ID ?? "",
          to: await softphoneDialAddress(client, config.TELNYX_CREDENTIAL_CONNECTION_ID, task.to, Date.now()),
          from: task.from,
          answering_machine_detection: "disabled",
          client_state: clientState,
          timeout_secs: task.timeoutSecs,
          command_id: commandId,
          supervise_call_control_id: task.superviseCallControlId,
          supervisor_role: task.role,
        });
        return { kind: "done", callControlId: response.data?.call_control_id };
      }
      case "supervisor_switch":
        // Telnyx takes no command_id here: switching to the same role twice changes nothing.
        await client.calls.actions.switchSupervisorRole(task.callControlId, { role: task.role });
        return { kind: "done" };
      case "supervisor_hangup":
        await client.calls.actions.hangup(task.callControlId, { client_state: clientState, command_id: commandId });
        return { kind: "done" };
      default:
        return assertNever(task);
    }
  } catch (error) {
    if (task.action === "supervisor_dial") forgetSoftphoneAddress(task.to);
    return classify(error);
  }
}

function classify(error: unknown): CommandOutcome {
  if (error instanceof Telnyx.APIError && typeof error.status === "number") {
    const detail = describeApiError(error);
    if (error.status === 422 && detail.includes(CALL_ALREADY_ENDED)) return { kind: "moot", error: detail };
    if (error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500) return { kind: "retry", error: detail };
    return { kind: "failed", error: detail };
  }
  // No response at all (timeout, connection refused): the carrier may or may not have
  // acted, which is exactly what command_id makes safe to retry.
  return { kind: "retry", error: error instanceof Error ? error.message : String(error) };
}

function describeApiError(error: InstanceType<typeof Telnyx.APIError>): string {
  const body = error.error as { errors?: { code?: string; title?: string; detail?: string }[] } | undefined;
  const first = body?.errors?.[0];
  return first ? `${error.status} ${first.code ?? ""} ${first.detail ?? first.title ?? ""}`.trim() : `${error.status} ${error.message}`;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled carrier command ${JSON.stringify(value)}`);
}
