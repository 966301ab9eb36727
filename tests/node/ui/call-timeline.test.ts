// A timeline line names the agent it is about after a space, by the API's name, else the
// console's member list, else says the agent is gone; never their id.
import { describe, expect, it } from "vitest";
import { timelineText } from "../../../ui/src/lib/call-timeline";

const base = { at: "2026-12-06T01:00:00.000Z", text: "Raised a hand: Customer disputes the balance", eventId: "e1", status: null };
const members = (userId: string) => (userId === "user-7" ? "Ria Park" : null);

describe("timeline text", () => {
  it("puts the agent's name in brackets after a space", () => {
    expect(timelineText({ ...base, agentUserId: "user-7", agentName: "Sam Lee" }, members)).toBe(
      "Raised a hand: Customer disputes the balance (Sam Lee)",
    );
  });

  it("falls back to the member list, then to a plain phrase, never the id", () => {
    expect(timelineText({ ...base, agentUserId: "user-7" }, members)).toBe("Raised a hand: Customer disputes the balance (Ria Park)");
    const gone = timelineText({ ...base, agentUserId: "user-9", agentName: null }, members);
    expect(gone).toBe("Raised a hand: Customer disputes the balance (an agent no longer here)");
    expect(gone).not.toContain("user-9");
  });

  it("is the entry's text alone when it is about no agent", () => {
    expect(timelineText(base, members)).toBe(base.text);
  });
});
