// The real WebRTC client for the softphone: @telnyx/webrtc behind the small PhoneClient
// shape softphone.ts drives. Loaded on demand (a dynamic import), so a console whose
// softphone is simulated never downloads the SDK. Remote audio plays in the element whose
// id is given; the SDK's own socket retries stay on, and softphone.ts registers afresh
// after a network change.
import type { PhoneClient, PhoneClientEvent, SoftphoneLeg, SoftphoneToken } from "./softphone";

/** Call states after which the leg is over for us. */
const ENDED_STATES = new Set(["hangup", "destroy", "purge"]);

export async function createTelnyxClient(token: SoftphoneToken, onEvent: (event: PhoneClientEvent) => void, remoteAudioElementId: string): Promise<PhoneClient> {
  const { TelnyxRTC } = await import("@telnyx/webrtc");
  const client = new TelnyxRTC({ login_token: token.token });
  client.remoteElement = remoteAudioElementId;
  const offered = new Set<string>();
  client.on("telnyx.ready", () => onEvent({ kind: "ready" }));
  client.on("telnyx.error", (event) => onEvent({ kind: "error", message: event.error.message }));
  client.on("telnyx.socket.close", () => onEvent({ kind: "closed" }));
  client.on("telnyx.notification", (notification) => {
    const call = notification.call;
    if (notification.type !== "callUpdate" || !call) return;
    if (call.direction === "inbound" && call.state === "ringing" && !offered.has(call.id)) {
      offered.add(call.id);
      const leg: SoftphoneLeg = {
        id: call.id,
        destination: call.options.destinationNumber ?? "",
        answer: () => call.answer(),
        setMuted: (muted) => (muted ? call.muteAudio() : call.unmuteAudio()),
        setMicrophone: (deviceId) => call.setAudioInDevice(deviceId),
      };
      onEvent({ kind: "ringing", leg });
    } else if (ENDED_STATES.has(call.state) && offered.delete(call.id)) {
      onEvent({ kind: "leg_ended", id: call.id });
    }
  });
  return {
    connect: () => client.connect(),
    disconnect: () => client.disconnect(),
    setMicrophone: async (deviceId) => {
      await client.setAudioSettings({ micId: deviceId });
    },
  };
}

/** Asks for the microphone once (the browser's prompt) and says what came of it; the stream is stopped at once. */
export async function checkBrowserMicrophone(): Promise<"granted" | "denied" | "missing"> {
  if (!navigator.mediaDevices?.getUserMedia) return "missing";
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) track.stop();
    return "granted";
  } catch (error) {
    const name = error instanceof DOMException ? error.name : "";
    return name === "NotFoundError" || name === "OverconstrainedError" ? "missing" : "denied";
  }
}

/** The microphones and speakers the browser lists (labels appear once the microphone is allowed). */
export async function listAudioDevices(): Promise<{ microphones: AudioDevice[]; speakers: AudioDevice[] }> {
  if (!navigator.mediaDevices?.enumerateDevices) return { microphones: [], speakers: [] };
  const devices = await navigator.mediaDevices.enumerateDevices();
  const of = (kind: MediaDeviceKind, word: string) =>
    devices.filter((device) => device.kind === kind).map((device, index) => ({ id: device.deviceId, label: device.label || `${word} ${index + 1}` }));
  return { microphones: of("audioinput", "Microphone"), speakers: of("audiooutput", "Speaker") };
}

export interface AudioDevice {
  id: string;
  label: string;
}

/** Sends the element's sound to an output device; the SDK plays the other side in that element. */
export async function playOn(elementId: string, deviceId: string): Promise<void> {
  const element = document.getElementById(elementId) as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
  if (!element) throw new Error("the softphone is not connected yet");
  if (!element.setSinkId) throw new Error("this browser cannot choose where calls play (use the system's sound settings)");
  await element.setSinkId(deviceId);
}
