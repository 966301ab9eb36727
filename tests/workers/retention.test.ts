// Retention and legal holds: the policy's route (admins set it, 400 naming the field,
// audited with before and after), holds placed and lifted with a reason, and the proof
// of the job: a run over a seeded organisation deletes exactly the due rows and recording
// objects, in bounded batches, skips what a standing hold covers, writes an audit row per
// batch and kind, leaves the chain verifiable, and touches no other organisation's rows.
import { env } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accounts, auditLog, calls, paymentReceipts, payments, recordings, transcriptSegments } from "../../db/schema";
import { DEFAULT_RETENTION_POLICY } from "../../domain/retention";
import { runRetention } from "../../worker/retention/retention-run";
import { call } from "./support/client";
import { withDatabase } from "./support/database";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";
import { createAccount, objectExists, seedCall, seedPayment, type Owner } from "./support/personal-data";

const POLICY = { recordingsDays: 30, transcriptsDays: 60, callRecordsDays: 90, paymentMetadataDays: 30 };

describe("retention policy", () => {
  let owner: Owner;
  let supervisor: Member;
  let admin: Member;
  beforeAll(async () => {
    owner = await signUp("Retention policy");
    supervisor = await inviteAndJoin(owner, "supervisor");
    admin = await inviteAndJoin(owner, "admin");
  });

  it("keeps everything until an admin sets days, refuses bad days with a 400 naming the field, and audits each change", async () => {
    expect((await call(supervisor, "GET", "/api/retention-policy")).body.retentionPolicy).toEqual(DEFAULT_RETENTION_POLICY);
    const cases: [unknown, string][] = [
      [{ ...POLICY, recordingsDays: 0 }, "recordingsDays"],
      [{ ...POLICY, transcriptsDays: 2.5 }, "transcriptsDays"],
      [{ ...POLICY, paymentMetadataDays: 99_999 }, "paymentMetadataDays"],
      // A recording is deleted with its call: it cannot be kept longer.
      [{ ...POLICY, recordingsDays: 120 }, "recordingsDays"],
      [{ ...POLICY, transcriptsDays: null }, "transcriptsDays"],
    ];
    for (const [body, field] of cases) {
      const response = await call(admin, "PATCH", "/api/retention-policy", body);
      expect(response.status, field).toBe(400);
      expect(response.body.error.fields.map((f: { path: string }) => f.path), field).toContain(field);
    }
    expect((await call(supervisor, "PATCH", "/api/retention-policy", POLICY)).status).toBe(403);
    expect((await call(admin, "GET", "/api/retention-policy")).body.retentionPolicy).toEqual(DEFAULT_RETENTION_POLICY);

    expect((await call(admin, "PATCH", "/api/retention-policy", POLICY)).status).toBe(200);
    expect((await call(supervisor, "GET", "/api/retention-policy")).body.retentionPolicy).toEqual(POLICY);
    const audit = await call(owner, "GET", "/api/audit?action=organization.retention_policy_changed");
    expect(audit.body.entries[0]).toMatchObject({ before: DEFAULT_RETENTION_POLICY, after: POLICY });
  });

  it("holds are placed and lifted by supervisors with a reason, one standing per subject, each audited", async () => {
    const account = await createAccount(owner, "Held Person");
    const placed = await call(supervisor, "POST", `/api/accounts/${account}/legal-holds`, { reason: "Subpoena 24-118" });
    expect(placed.status).toBe(201);
    expect(placed.body.hold).toMatchObject({ subjectType: "account", subjectId: account, subjectName: "Held Person", reason: "Subpoena 24-118", liftedAt: null });
    expect((await call(supervisor, "POST", `/api/accounts/${account}/legal-holds`, { reason: "Again" })).status).toBe(409);
    expect((await call(supervisor, "POST", `/api/accounts/${account}/legal-holds`, { reason: " " })).body.error.fields[0].path).toBe("reason");
    const holdId = placed.body.hold.id;
    expect((await call(supervisor, "GET", "/api/legal-holds")).body.holds.map((h: { id: string }) => h.id)).toContain(holdId);

    const lifted = await call(supervisor, "POST", `/api/legal-holds/${holdId}/lift`, { reason: "Case closed" });
    expect(lifted.status).toBe(200);
    expect(lifted.body.hold).toMatchObject({ liftReason: "Case closed", liftedAt: expect.any(String) });
    expect((await call(supervisor, "POST", `/api/legal-holds/${holdId}/lift`, { reason: "Twice" })).status).toBe(409);
    expect((await call(supervisor, "GET", "/api/legal-holds")).body.holds.map((h: { id: string }) => h.id)).not.toContain(holdId);
    expect((await call(supervisor, "GET", "/api/legal-holds?include=lifted")).body.holds.map((h: { id: string }) => h.id)).toContain(holdId);

    const audit = await call(owner, "GET", `/api/audit?resourceType=account&resourceId=${account}`);
    const actions = (audit.body.entries as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["legal_hold.placed", "legal_hold.lifted"]));
  });
});

describe("the retention job", () => {
  it("deletes exactly the due rows and recording objects, skips held ones, audits each batch, and leaves the chain and other organisations whole", async () => {
    const owner = await signUp("Retention run");
    const other = await signUp("Retention bystander");
    const org = owner.organizationId;
    const [plain, held, released] = [await createAccount(owner, "Plain"), await createAccount(owner, "Held"), await createAccount(owner, "Released")];

    const oldPlain = await seedCall(org, plain, 120); // past every limit: the whole record goes
    const oldHeldAccount = await seedCall(org, held, 120); // its account is on hold
    const oldHeldCall = await seedCall(org, plain, 120); // the call itself is on hold
    const oldReleased = await seedCall(org, released, 120); // a hold placed, then lifted: it goes
    const stillRinging = await seedCall(org, plain, 120, "ringing"); // never deleted under its actor
    const seventyDays = await seedCall(org, plain, 70); // recording and transcript go, the record stays
    const fortyFiveDays = await seedCall(org, plain, 45); // only the recording goes
    const recent = await seedCall(org, plain, 10); // nothing goes
    const duePayment = await seedPayment(org, plain, 40);
    const heldPayment = await seedPayment(org, held, 40);
    const recentPayment = await seedPayment(org, plain, 10);
    const bystander = await seedCall(other.organizationId, null, 120);

    expect((await call(owner, "PATCH", "/api/retention-policy", POLICY)).status).toBe(200);
    expect((await call(other, "PATCH", "/api/retention-policy", { recordingsDays: 3650, transcriptsDays: 3650, callRecordsDays: 3650, paymentMetadataDays: 3650 })).status).toBe(200);
    expect((await call(owner, "POST", `/api/accounts/${held}/legal-holds`, { reason: "Litigation" })).status).toBe(201);
    expect((await call(owner, "POST", `/api/calls/${oldHeldCall.id}/legal-holds`, { reason: "Complaint" })).status).toBe(201);
    const releasedHold = await call(owner, "POST", `/api/accounts/${released}/legal-holds`, { reason: "Briefly" });
    expect((await call(owner, "POST", `/api/legal-holds/${releasedHold.body.hold.id}/lift`, { reason: "Settled" })).status).toBe(200);
    const balancesBefore = await withDatabase((db) => db.select({ id: accounts.id, balance: accounts.balanceDueCents }).from(accounts).where(eq(accounts.organizationId, org)));

    // Batches of one: the two due recordings and two due call records take two batches each.
    const result = await runRetention(env, { organizationIds: [org, other.organizationId], batchSize: 1 });
    expect(result).toEqual({ [org]: { callRecords: 2, recordings: 2, transcripts: 1, paymentMetadata: 1 } });

    const state = await withDatabase(async (db) => ({
      calls: (await db.select({ id: calls.id }).from(calls).where(eq(calls.organizationId, org))).map((r) => r.id),
      recordings: (await db.select({ callId: recordings.callId }).from(recordings).where(eq(recordings.organizationId, org))).map((r) => r.callId),
      transcripts: (await db.select({ callId: transcriptSegments.callId }).from(transcriptSegments).where(eq(transcriptSegments.organizationId, org))).map((r) => r.callId),
      payments: await db.select().from(payments).where(eq(payments.organizationId, org)),
      receipts: (await db.select({ id: paymentReceipts.paymentId }).from(paymentReceipts).where(eq(paymentReceipts.organizationId, org))).map((r) => r.id),
      balances: await db.select({ id: accounts.id, balance: accounts.balanceDueCents }).from(accounts).where(eq(accounts.organizationId, org)),
      purges: await db
        .select({ resourceType: auditLog.resourceType, after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, org), eq(auditLog.action, "retention.purged"))),
      bystander: {
        calls: await db.select({ id: calls.id }).from(calls).where(eq(calls.id, bystander.id)),
        recordings: await db.select({ id: recordings.id }).from(recordings).where(eq(recordings.callId, bystander.id)),
        transcripts: await db.select({ id: transcriptSegments.id }).from(transcriptSegments).where(inArray(transcriptSegments.callId, [bystander.id])),
      },
    }));

    const sorted = (ids: string[]) => [...ids].sort();
    expect(sorted(state.calls)).toEqual(sorted([oldHeldAccount.id, oldHeldCall.id, stillRinging.id, seventyDays.id, fortyFiveDays.id, recent.id]));
    expect(sorted(state.recordings)).toEqual(sorted([oldHeldAccount.id, oldHeldCall.id, stillRinging.id, recent.id]));
    expect(sorted(state.transcripts)).toEqual(sorted([oldHeldAccount.id, oldHeldCall.id, stillRinging.id, fortyFiveDays.id, recent.id]));
    for (const gone of [oldPlain, oldReleased, seventyDays, fortyFiveDays]) expect(await objectExists(gone.storageKey), gone.storageKey).toBe(false);
    for (const kept of [oldHeldAccount, oldHeldCall, stillRinging, recent, bystander]) expect(await objectExists(kept.storageKey), kept.storageKey).toBe(true);

    // Payment metadata goes; the ledger entry and every balance stay.
    const byId = new Map(state.payments.map((p) => [p.id, p]));
    expect(byId.get(duePayment)).toMatchObject({ amountCents: 2_500, stripeCheckoutSessionId: null, receiptUrl: null, requestId: null, status: "succeeded" });
    expect(byId.get(heldPayment)?.stripeCheckoutSessionId).not.toBeNull();
    expect(byId.get(recentPayment)?.receiptUrl).not.toBeNull();
    expect(sorted(state.receipts)).toEqual(sorted([heldPayment, recentPayment]));
    expect(sorted(state.balances.map((b) => `${b.id}:${b.balance}`))).toEqual(sorted(balancesBefore.map((b) => `${b.id}:${b.balance}`)));

    // One audit row per batch and kind, with what went; their counts add up to the run's.
    const counted = (type: string) => state.purges.filter((p) => p.resourceType === type).reduce((sum, p) => sum + (p.after as { count: number }).count, 0);
    expect({ call: counted("call"), recording: counted("recording"), transcript: counted("transcript"), payment: counted("payment") }).toEqual({ call: 2, recording: 2, transcript: 1, payment: 1 });
    expect(state.purges.filter((p) => p.resourceType === "call").flatMap((p) => (p.after as { ids: string[] }).ids).sort()).toEqual(sorted([oldPlain.id, oldReleased.id]));
    expect((await call(owner, "GET", "/api/audit/verify")).body).toMatchObject({ ok: true, firstBrokenSeq: null });

    expect(state.bystander.calls).toHaveLength(1);
    expect(state.bystander.recordings).toHaveLength(1);
    expect(state.bystander.transcripts).toHaveLength(1);

    // A second run finds nothing more to do.
    expect(await runRetention(env, { organizationIds: [org, other.organizationId] })).toEqual({});
  });
});
