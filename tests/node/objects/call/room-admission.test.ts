// Who may join a call's room, decided without workerd: someone of the call's
// organisation; an agent only on a call that is theirs (chosen up front, or reserved by
// the dialer when a person answered); nobody when there is no call yet.
import { describe, expect, it } from "vitest";
import { admitToCallRoom } from "../../../../objects/call/room-admission";
import { agentReserved } from "../../../../objects/call/local-events";
import { foldCall } from "../../../../objects/call/machine";
import type { CallSpec } from "../../../../objects/call/call-spec";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import type { RoomIdentity } from "../../../../objects/shared/room-identity";
import { amd, event, spec, T0 } from "./events";

const ORG = "22222222-2222-4222-8222-222222222222";
const OTHER_ORG = "99999999-9999-4999-8999-999999999999";
const AGENT = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const OTHER_AGENT = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

const who = (role: RoomIdentity["role"], userId = AGENT, organizationId = ORG): RoomIdentity => ({ organizationId, userId, name: "Ann", role });
const callOf = (callSpec: CallSpec, events: CarrierEvent[] = []) => ({ spec: callSpec, record: foldCall(callSpec, events) });

const agentCall = callOf(spec({ kind: "bridge", agentUserId: AGENT, agentAddress: "sip:agent-a@x" }));
const noAgentYet = spec({
  kind: "dialer",
  accountId: "33333333-3333-4333-8333-333333333333",
  dialer: { campaignId: "44444444-4444-4444-8444-444444444444", eligibleAgentUserIds: [AGENT, OTHER_AGENT], voicemailScript: "", safeHarborMessage: "", debtIds: [] },
});

describe("joining a call's room", () => {
  it("admits the call's own agent and any supervisor or admin of its organisation", () => {
    for (const identity of [who("agent"), who("supervisor", OTHER_AGENT), who("admin", OTHER_AGENT)]) {
      expect(admitToCallRoom(identity, agentCall)).toEqual({ kind: "admit", identity, call: agentCall });
    }
  });

  it("tells another agent of the organisation the call is not theirs, then closes", () => {
    expect(admitToCallRoom(who("agent", OTHER_AGENT), agentCall)).toEqual({
      kind: "forbidden",
      code: 4403,
      reason: "forbidden",
      message: "This call belongs to another agent",
    });
  });

  it("answers another organisation exactly as it answers a call that does not exist", () => {
    const closed = { kind: "close", code: 4404, reason: "no such call" };
    expect(admitToCallRoom(who("admin", AGENT, OTHER_ORG), agentCall)).toEqual(closed);
    expect(admitToCallRoom(who("admin"), null)).toEqual(closed);
    expect(admitToCallRoom(null, agentCall)).toEqual(closed);
  });

  it("lets an agent into a dialer call only once the dialer reserved them for it", () => {
    const answered = [event("call.initiated", 0), event("call.answered", 5), amd(6, "human")];
    expect(admitToCallRoom(who("agent"), callOf(noAgentYet, answered)).kind).toBe("forbidden");
    const reserved = callOf(noAgentYet, [...answered, agentReserved(T0 + 6500, { userId: AGENT, address: "sip:agent-a@x", name: "Ann" })]);
    expect(admitToCallRoom(who("agent"), reserved).kind).toBe("admit");
    expect(admitToCallRoom(who("agent", OTHER_AGENT), reserved).kind).toBe("forbidden");
  });
});
