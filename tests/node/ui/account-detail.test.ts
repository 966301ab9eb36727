import { describe, expect, it } from "vitest";
import { formatCents, readAccountDetail } from "../../../ui/src/lib/account-detail";

const account = {
  id: "a1",
  externalRef: "ACC-1",
  name: "Rosa Diaz",
  phones: ["+15550100001"],
  timeZone: "America/Chicago",
  balanceDueCents: 123_456,
  preferredLanguage: "es",
  doNotCall: false,
  consent: true,
  lastContactedAt: "2026-05-01T15:00:00.000Z",
  createdAt: "2026-01-01T00:00:00.000Z",
};

describe("the account a call pops", () => {
  it("reads today's route (the account alone) and says debts and contacts are unknown", () => {
    const view = readAccountDetail({ account });
    expect(view).toMatchObject({ id: "a1", name: "Rosa Diaz", balanceDueCents: 123_456, timeZone: "America/Chicago" });
    expect(view?.debts).toBeNull();
    expect(view?.lastContacts).toBeNull();
    expect(view?.notes).toBeNull();
  });

  it("reads debts, last calls and notes inside the account or beside it", () => {
    const inside = readAccountDetail({
      account: {
        ...account,
        notes: "Prefers evenings",
        debts: [{ id: "d1", creditor: "Acme Bank", externalRef: "D-1", balanceCents: 100_000, status: "open" }],
        lastCalls: [
          { id: "k1", createdAt: "2026-04-01T10:00:00.000Z", status: "completed", disposition: "refused", durationSeconds: 42 },
          { id: "k2", createdAt: "2026-04-20T10:00:00.000Z", status: "no_answer", disposition: null, durationSeconds: null },
        ],
      },
    });
    expect(inside?.notes).toBe("Prefers evenings");
    expect(inside?.debts).toEqual([{ id: "d1", creditor: "Acme Bank", externalRef: "D-1", balanceCents: 100_000, status: "open" }]);
    // Newest first.
    expect(inside?.lastContacts?.map((c) => c.id)).toEqual(["k2", "k1"]);
    expect(inside?.lastContacts?.[1]).toMatchObject({ at: "2026-04-01T10:00:00.000Z", disposition: "refused", durationSeconds: 42, agentName: null });

    const beside = readAccountDetail({ account, debts: [], recentCalls: [{ id: "k3", startedAt: "2026-04-02T10:00:00.000Z" }] });
    expect(beside?.debts).toEqual([]);
    expect(beside?.lastContacts?.map((c) => c.at)).toEqual(["2026-04-02T10:00:00.000Z"]);
  });

  it("drops a malformed item instead of failing the whole pop", () => {
    const view = readAccountDetail({ account: { ...account, debts: [{ id: "d1", balanceCents: 5 }, { creditor: "no id" }, "junk"] } });
    expect(view?.debts?.map((d) => d.id)).toEqual(["d1"]);
  });

  it("tolerates missing optional fields and refuses a response without an account", () => {
    expect(readAccountDetail({ account: { id: "a2", name: "Min" } })).toMatchObject({ phones: [], balanceDueCents: null, doNotCall: false, consent: null });
    expect(readAccountDetail({ error: { code: "not_found" } })).toBeNull();
    expect(readAccountDetail(null)).toBeNull();
  });
});

describe("money", () => {
  it("shows cents as dollars", () => {
    expect(formatCents(123_456)).toBe("$1,234.56");
    expect(formatCents(0)).toBe("$0.00");
    expect(formatCents(null)).toBe("—");
  });
});
