import { describe, expect, it } from "vitest";
import { noticeSubject, readNotices } from "../../../../objects/campaign/notices";

const lead = { accountId: "a1", name: "Ann", phones: ["+15550000001"], timeZone: null, balanceDueCents: 100, lastContactedAtMs: null, doNotCall: false, consent: false, inconvenientTimes: [], debtIds: [] };

describe("campaign notices read from Postgres or an RPC", () => {
  it("are read in id order, whatever order they came in", () => {
    const { notices, unreadable } = readNotices([
      { id: 7, kind: "dnc", payload: { scope: "org", phone: "+15550000001", listed: false } },
      { id: 3, kind: "dnc", payload: { scope: "org", phone: "+15550000001", listed: true } },
    ]);
    expect(notices.map((n) => n.id)).toEqual([3, 7]);
    expect(unreadable).toEqual([]);
  });

  it("set aside what this build cannot read (a kind from a newer build, a broken payload) instead of guessing", () => {
    const { notices, unreadable } = readNotices([
      { id: 1, kind: "lead", payload: lead },
      { id: 2, kind: "campaign_renamed", payload: {} },
      { id: 3, kind: "dnc", payload: { scope: "everywhere", phone: "+15550000001", listed: true } },
    ]);
    expect(notices.map((n) => n.id)).toEqual([1]);
    expect(unreadable).toHaveLength(2);
  });

  it("keep an account's unknown consent unknown (null), never read as granted", () => {
    const { notices } = readNotices([{ id: 5, kind: "lead", payload: { ...lead, consent: null } }]);
    expect(notices[0]).toMatchObject({ kind: "lead", payload: { consent: null } });
  });

  it("take a disposition stored before notices named the call's number", () => {
    const { notices } = readNotices([{ id: 4, kind: "disposition", payload: { callId: "c1", accountId: "a1", disposition: "paid", details: null } }]);
    expect(notices[0]).toMatchObject({ kind: "disposition", payload: { phone: null } });
  });

  it("name their subject, so a newer notice about the same thing supersedes an older one", () => {
    expect(noticeSubject({ kind: "dnc", payload: { scope: "campaign", phone: "+15550000001", listed: true } })).toBe("dnc:campaign:+15550000001");
    expect(noticeSubject({ kind: "lead", payload: lead })).toBe("lead:a1");
    expect(noticeSubject({ kind: "disposition", payload: { callId: "c9", accountId: "a1", phone: null, disposition: "paid", details: null } })).toBe("disposition:c9");
  });
});
