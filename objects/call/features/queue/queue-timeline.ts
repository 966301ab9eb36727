// How the queue's events read on the call's timeline.
import type { QueueEventBody } from "./queue-events";
import { callbackTimelineText } from "./queue-callback";

const waitAsSaid = (seconds: number | null) => (seconds === null ? "expected wait not known yet" : `expected wait ${Math.round(seconds)} s`);

export function queueTimelineText(body: QueueEventBody): string {
  switch (body.kind) {
    case "joined": {
      const from = body.ivrOption ? ` from the IVR menu (pressed ${body.ivrOption.key}: ${body.ivrOption.label})` : "";
      return `Queue: joined at position ${body.position} (${waitAsSaid(body.expectedWaitSeconds)})${from}`;
    }
    case "ivr_refused":
      return `Queue: ${body.reason === "closed" ? "closed now" : "its line is full"}; the caller went back to the IVR menu`;
    case "position":
      return `Queue: now position ${body.position} (${waitAsSaid(body.expectedWaitSeconds)})`;
    case "answered":
      return `Queue: answered after ${Math.round(body.waitSeconds)} s`;
    case "abandoned":
      return `Queue: caller hung up after waiting ${Math.round(body.waitSeconds)} s (queue abandon)`;
    case "overflowed":
      return body.to === "ivr" ? "Queue: waited past the queue's longest wait; the IVR menu" : body.voicemail ? "Queue: waited past the queue's longest wait; voicemail" : "Queue: waited past the queue's longest wait; overflow message";
    case "ivr_handover":
      return "Queue: left the line for the IVR menu";
    case "moved": {
      const closed = body.closed ? "; it is closed now, so its closed action" : "";
      return body.by === "overflow" ? `Queue: waited past the queue's longest wait; moved to the overflow queue, keeping their wait${closed}` : `Queue: moved to another queue by a supervisor${closed}`;
    }
    default:
      return callbackTimelineText(body) ?? "Queue: callback";
  }
}
