// Who may join a call's room. The Worker has already checked the session; this decides,
// from that identity and the call as it stands, whether the console is let in. A call of
// another organisation answers exactly like no call at all, so its existence never leaks.
import type { RoomIdentity } from "../shared/room-identity";
import type { CallSpec } from "./call-spec";
import { callAgentUserId } from "./call-view";
import type { CallRecord } from "./machine";

export interface CallAsItStands {
  spec: CallSpec;
  record: CallRecord;
}

export type CallRoomAdmission =
  | { kind: "admit"; identity: RoomIdentity; call: CallAsItStands }
  /** Closed without a word: there is nothing here this identity may know about. */
  | { kind: "close"; code: 4404; reason: "no such call" }
  /** Told why, then closed: the caller may know the call exists (it is their organisation's). */
  | { kind: "forbidden"; code: 4403; reason: "forbidden"; message: string };

export function admitToCallRoom(identity: RoomIdentity | null, call: CallAsItStands | null): CallRoomAdmission {
  if (!identity || !call || call.spec.organizationId !== identity.organizationId) return { kind: "close", code: 4404, reason: "no such call" };
  // Agents see their own calls; supervisors and up see every call of the organisation.
  if (identity.role === "agent" && callAgentUserId(call.spec, call.record) !== identity.userId) {
    return { kind: "forbidden", code: 4403, reason: "forbidden", message: "This call belongs to another agent" };
  }
  return { kind: "admit", identity, call };
}
