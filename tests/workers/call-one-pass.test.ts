// One pass at a time, the alarm's included: webhooks delivered all at once (each twice)
// while the call's alarm fires amid them. Before the alarm waited its turn, two passes
// could both find the same command due and send it twice with one command_id (the
// carrier deduplicated; an independent one saw it 8 times in a run).
import { env, runDurableObjectAlarm } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { callActorStub } from "../../objects/shared/actor-stubs";
import { carrierCommandLog, carrierLegsOf, deliver, mailboxDeliveries } from "./support/carrier";
import { PERSONA_NUMBERS, placeCall, TERMINAL } from "./support/calls";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

let owner: Member & { organizationId: string };
let agent: Member;
beforeAll(async () => {
  owner = await signUp("One pass");
  agent = await inviteAndJoin(owner, "agent");
});

describe("a call under concurrent webhooks and its alarm", () => {
  it("sends each carrier command exactly once", async () => {
    const before = (await carrierCommandLog()).length;
    const id = await placeCall(agent, { to: PERSONA_NUMBERS.liveHuman, kind: "bridge" });
    const actor = callActorStub(env, owner.organizationId, id);
    let after = 0;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const fresh = await mailboxDeliveries(after);
      if (fresh.length) after = fresh.at(-1)!.seq;
      const mine = fresh.filter((d) => d.callId === id).map((d) => d.body);
      // Everything that arrived, at once and twice over, with the alarm fired in the middle.
      const deliveries = [...mine, ...mine].map(async (body) => expect((await deliver(body)).status).toBe(200));
      await Promise.all([...deliveries.slice(0, mine.length), runDurableObjectAlarm(actor), ...deliveries.slice(mine.length), runDurableObjectAlarm(actor)]);
      if (TERMINAL.has((await actor.snapshot())?.call.status ?? "")) break;
      if (Date.now() > deadline) throw new Error("the call never ended");
      await new Promise((resolve) => setTimeout(resolve, 25)); // the simulator runs on its own clock
    }

    // This call's commands only: other files run alongside.
    const legs = new Set((await carrierLegsOf(id)).map((leg) => leg.call_control_id));
    const commands = (await carrierCommandLog()).slice(before).filter((c) => legs.has(c.callControlId ?? ""));
    expect(commands.map((c) => c.kind)).toEqual(expect.arrayContaining(["dial", "dial", "bridge"]));
    expect(commands.filter((c) => c.duplicate)).toEqual([]);
    const ids = commands.map((c) => c.commandId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
