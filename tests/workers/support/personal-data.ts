// Rows about a person as the engine leaves them, written straight to Postgres and the
// recordings bucket for the retention and privacy tests: old ended calls with a
// transcript line and a recording, and paid payments with their receipt text.
import { env } from "cloudflare:test";
import { expect } from "vitest";
import { calls, paymentReceipts, payments, recordings, transcriptSegments } from "../../../db/schema";
import { call } from "./client";
import { withDatabase } from "./database";
import { unique, type Member } from "./orgs";

const DAY_MS = 86_400_000;

export type Owner = Member & { organizationId: string };

export async function createAccount(owner: Owner, name: string): Promise<string> {
  const created = await call(owner, "POST", "/api/accounts", { name, phones: ["+15555550100"], balanceDueCents: 10_000 });
  expect(created.status).toBe(201);
  return created.body.account.id;
}

/** An ended call `ageDays` old with one transcript line and a recording (its object in the bucket). */
export async function seedCall(organizationId: string, accountId: string | null, ageDays: number, status: "completed" | "ringing" = "completed") {
  const id = crypto.randomUUID();
  const createdAt = new Date(Date.now() - ageDays * DAY_MS);
  const storageKey = `recordings/${organizationId}/${id}/leg.mp3`;
  await withDatabase(async (db) => {
    await db.insert(calls).values({
      id,
      organizationId,
      direction: "outbound",
      kind: "direct",
      origin: "manual",
      toNumber: "+15550100001",
      fromNumber: "+15550001000",
      accountId,
      status,
      createdAt,
      endedAt: status === "completed" ? new Date(createdAt.getTime() + 60_000) : null,
      version: 1,
    });
    await db.insert(transcriptSegments).values({ id: `${id}-s1`, organizationId, callId: id, track: "inbound", text: "I can pay next week", occurredAt: createdAt });
    await db.insert(recordings).values({ id: `${id}-r1`, organizationId, callId: id, storageKey, contentType: "audio/mpeg", sizeBytes: 5 });
  });
  await env.RECORDINGS.put(storageKey, new Uint8Array([1, 2, 3, 4, 5]));
  return { id, storageKey };
}

/** A $25 payment `ageDays` old with its checkout session, receipt link and receipt text. */
export async function seedPayment(organizationId: string, accountId: string, ageDays: number): Promise<string> {
  const id = crypto.randomUUID();
  await withDatabase(async (db) => {
    await db.insert(payments).values({
      id,
      organizationId,
      accountId,
      amountCents: 2_500,
      currency: "usd",
      method: "link",
      stripeCheckoutSessionId: `cs_${unique()}`,
      stripePaymentIntentId: `pi_${unique()}`,
      requestId: "ivr-pay-1",
      receiptNumber: `R-${unique()}`,
      receiptUrl: "https://pay.example/receipt/1",
      paidAt: new Date(Date.now() - ageDays * DAY_MS),
    });
    await db.insert(paymentReceipts).values({ paymentId: id, organizationId, toNumber: "+15555550100", fromNumber: "+15550001000", text: "Thank you for your payment of $25.00", status: "sent" });
  });
  return id;
}

export const objectExists = async (key: string) => (await env.RECORDINGS.head(key)) !== null;

