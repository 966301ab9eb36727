// Reading GET /api/accounts/:id for the account the agent's call pops: the account, its
// debts, its last contacts and notes. The route is being extended, so every part beyond the
// account itself is optional and read tolerantly (inside `account` or beside it; a malformed
// item is dropped, not fatal). Also the money format the pop shows. Pure: tested in node.
import { z } from "zod";

export interface AccountDebtView {
  id: string;
  creditor: string | null;
  externalRef: string | null;
  balanceCents: number | null;
  status: string | null;
}

export interface AccountContactView {
  id: string;
  /** ISO instant of the call. */
  at: string | null;
  direction: string | null;
  status: string | null;
  disposition: string | null;
  durationSeconds: number | null;
  notes: string | null;
  agentName: string | null;
}

export interface AccountDetailView {
  id: string;
  name: string;
  phones: string[];
  timeZone: string | null;
  balanceDueCents: number | null;
  preferredLanguage: string | null;
  doNotCall: boolean;
  /** null: unknown (or unreadable): never taken for granted. */
  consent: boolean | null;
  lastContactedAt: string | null;
  /** Null: the API did not say (not "no debts"). */
  debts: AccountDebtView[] | null;
  lastContacts: AccountContactView[] | null;
  notes: string | null;
}

const text = z.string().nullish().transform((v) => v ?? null);
const count = z.number().nullish().transform((v) => v ?? null);

const debtSchema = z.object({
  id: z.string(),
  creditor: text,
  externalRef: text,
  balanceCents: count,
  status: text,
});

const contactSchema = z.object({
  id: z.string(),
  at: text,
  createdAt: text,
  startedAt: text,
  direction: text,
  status: text,
  disposition: text,
  durationSeconds: count,
  notes: text,
  agentName: text,
});

const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  phones: z.array(z.string()).catch([]),
  timeZone: text.catch(null),
  balanceDueCents: count.catch(null),
  preferredLanguage: text.catch(null),
  doNotCall: z.boolean().catch(false),
  consent: z.boolean().nullable().catch(null),
  lastContactedAt: text.catch(null),
  notes: text.catch(null),
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Items that parse; null when the value is not a list at all. */
function listOf<T>(value: unknown, schema: z.ZodType<T>): T[] | null {
  if (!Array.isArray(value)) return null;
  return value.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Names the extended route may use for the last calls of the account. */
const CONTACT_KEYS = ["lastCalls", "lastContacts", "recentCalls", "calls"] as const;

/** The response of GET /api/accounts/:id as the pop shows it, or null if it has no account. */
export function readAccountDetail(response: unknown): AccountDetailView | null {
  if (!isRecord(response)) return null;
  const raw = isRecord(response.account) ? response.account : response;
  const account = accountSchema.safeParse(raw);
  if (!account.success) return null;
  const pick = (key: string): unknown => (raw[key] !== undefined ? raw[key] : response[key]);
  const contactsKey = CONTACT_KEYS.find((key) => pick(key) !== undefined);
  const contacts = contactsKey ? listOf(pick(contactsKey), contactSchema) : null;
  const notes = account.data.notes ?? (typeof response.notes === "string" ? response.notes : null);
  return {
    ...account.data,
    notes: notes && notes.trim() ? notes : null,
    debts: listOf(pick("debts"), debtSchema),
    lastContacts:
      contacts
        ?.map(({ at, createdAt, startedAt, ...rest }) => ({ ...rest, at: at ?? startedAt ?? createdAt }))
        .sort((a, b) => (b.at ?? "").localeCompare(a.at ?? "")) ?? null,
  };
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** 123456 → "$1,234.56"; null reads as a dash. */
export function formatCents(cents: number | null | undefined): string {
  return cents === null || cents === undefined || !Number.isFinite(cents) ? "—" : usd.format(cents / 100);
}
