// The report builder against real Postgres: definitions checked against the allow-list
// (unknown names are a 400 naming their place), previews that count what was seeded,
// saved reports shared within the organisation, and CSV exports streamed page by page
// with formula-looking cells defused.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { campaigns } from "../../db/schema";
import { exports } from "cloudflare:workers";
import { BASE_URL, call, type Caller } from "./support/client";
import { withDatabase } from "./support/database";
import { createOrgWithEveryRole, type TestOrg } from "./support/orgs";

let org: TestOrg;
let other: TestOrg;

/** Seeded calls: outcome, talk seconds (null: never bridged), created at. */
const SEEDED: [string, number | null, string][] = [
  ["connected", 120, "2026-11-01T15:00:00Z"],
  ["connected", 60, "2026-11-01T16:00:00Z"],
  ["connected", 30, "2026-11-02T15:00:00Z"],
  ["machine", null, "2026-11-01T17:00:00Z"],
  ["no_answer", null, "2026-11-02T17:00:00Z"],
];

async function seedCalls(organizationId: string, agentUserId: string): Promise<void> {
  await withDatabase(async (db) => {
    for (const [outcome, talk, at] of SEEDED) {
      await db.execute(sql`
        insert into calls (id, organization_id, direction, kind, origin, outcome, to_number, from_number, agent_user_id, status,
                           live_answered, abandoned, created_at, bridged_at, ended_at, version)
        values (${crypto.randomUUID()}, ${organizationId}, 'outbound', 'dialer', 'dialer', ${outcome}, '+15550100001', '+15550001000', ${agentUserId}, 'completed',
                ${talk !== null}, false, ${at}::timestamptz, ${talk === null ? null : at}::timestamptz, ${at}::timestamptz + make_interval(secs => ${talk ?? 5}), 1)`);
    }
  });
}

const preview = (who: Caller, definition: unknown, limit?: number) => call(who, "POST", "/api/reports/preview", { definition, ...(limit ? { limit } : {}) });

beforeAll(async () => {
  [org, other] = await Promise.all([createOrgWithEveryRole("Reports"), createOrgWithEveryRole("Reports other")]);
  await call(org.owner, "PATCH", "/api/organization", { timeZone: "America/New_York" });
  await seedCalls(org.organizationId, org.members.agent.userId);
  await seedCalls(other.organizationId, other.members.agent.userId);
});

describe("the allow-list", () => {
  it.each([
    [{ dataset: "invoices" }, "definition.dataset", /one of calls, dispositions, agents, campaigns, complianceSkips, payments/],
    [{ dataset: "calls", filters: [{ field: "password_hash", op: "eq", value: "x" }] }, "definition.filters.0.field", /unknown field "password_hash" in calls/],
    [{ dataset: "calls", filters: [{ field: "outcome", op: "like", value: "x" }] }, "definition.filters.0.op", /unknown operator "like" for outcome/],
    [{ dataset: "calls", filters: [{ field: "talkSeconds", op: "gt", value: "1; drop table calls" }] }, "definition.filters.0.value", /a number/],
    [{ dataset: "calls", filters: [{ field: "outcome", op: "in", value: "connected" }] }, "definition.filters.0.value", /a list/],
    [{ dataset: "calls", groupBy: ["createdAt"] }, "definition.groupBy.0", /group by day/],
    [{ dataset: "calls", groupBy: ["outcome"], measures: [{ fn: "sum", field: "outcome" }] }, "definition.measures.0.field", /sum takes a number/],
    [{ dataset: "calls", groupBy: ["outcome"], measures: [{ fn: "median", field: "talkSeconds" }] }, "definition.measures.0.fn", /unknown measure "median"/],
    [{ dataset: "calls", columns: ["id", "\"id\"; drop table calls"] }, "definition.columns.1", /unknown field/],
    [{ dataset: "calls", sort: [{ by: "1 desc; drop table calls", direction: "asc" }] }, "definition.sort.0.by", /unknown column/],
    [{ dataset: "calls", groupBy: ["outcome"], sort: [{ by: "talkSeconds" }] }, "definition.sort.0.by", /unknown column "talkSeconds"/],
    [{ dataset: "calls", wat: 1 }, "definition", /unknown field "wat"/],
    [{ dataset: "calls", filters: [{ field: "outcome", op: "eq", value: "x", wat: 1 }] }, "definition.filters.0.wat", /unknown field/],
    ["calls", "definition", /object/],
  ])("refuses %j with a 400 naming %s", async (definition, path, message) => {
    const answer = await preview(org.members.supervisor, definition);
    expect(answer.status).toBe(400);
    const named = answer.body.error.fields.find((f: { path: string }) => f.path === path);
    expect(named, JSON.stringify(answer.body.error)).toBeDefined();
    expect(named.message).toMatch(message);
  });

  it("takes a filter value as data, never as SQL", async () => {
    const hostile = "x' or '1'='1'; drop table calls; --";
    const answer = await preview(org.members.supervisor, { dataset: "calls", filters: [{ field: "outcome", op: "contains", value: hostile }] });
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toEqual([]);
    const all = await preview(org.members.supervisor, { dataset: "calls", groupBy: ["outcome"] });
    expect(all.body.rows.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(SEEDED.length);
  });

  it("matches contains literally: LIKE's wildcards in the text are not wildcards", async () => {
    const answer = await preview(org.members.supervisor, { dataset: "calls", filters: [{ field: "outcome", op: "contains", value: "_" }] });
    expect(answer.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual(["no_answer"]);
  });
});

describe("previews", () => {
  it("groups, measures and sorts as counted by hand, on the organisation's calendar", async () => {
    const answer = await preview(org.members.supervisor, {
      dataset: "calls",
      filters: [{ field: "connected", op: "eq", value: true }],
      groupBy: ["day"],
      measures: [{ fn: "count" }, { fn: "sum", field: "talkSeconds" }, { fn: "max", field: "talkSeconds" }],
      sort: [{ by: "sum_talkSeconds", direction: "desc" }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ timeZone: "America/New_York", columns: ["day", "count", "sum_talkSeconds", "max_talkSeconds"] });
    expect(answer.body.rows).toEqual([
      { day: "2026-11-01", count: 2, sum_talkSeconds: 180, max_talkSeconds: 120 },
      { day: "2026-11-02", count: 1, sum_talkSeconds: 30, max_talkSeconds: 30 },
    ]);
  });

  it("shows the first N rows of the chosen columns, in the chosen order, of its own organisation only", async () => {
    const answer = await preview(org.members.supervisor, { dataset: "calls", columns: ["outcome", "createdAt", "agentName"], sort: [{ by: "createdAt", direction: "desc" }] }, 2);
    expect(answer.body.rows).toEqual([
      { outcome: "no_answer", createdAt: "2026-11-02T17:00:00.000Z", agentName: "agent person" },
      { outcome: "connected", createdAt: "2026-11-02T15:00:00.000Z", agentName: "agent person" },
    ]);
    const filtered = await preview(org.members.supervisor, { dataset: "calls", columns: ["id"], filters: [{ field: "createdAt", op: "gte", value: "2026-11-02T00:00:00Z" }] });
    expect(filtered.body.rows).toHaveLength(2);
  });
});

describe("saved reports", () => {
  it("are shared within the organisation: a viewer lists, previews and exports them; another organisation sees none", async () => {
    const saved = await call(org.members.supervisor, "POST", "/api/reports", { name: "Outcomes", definition: { dataset: "calls", groupBy: ["outcome"], sort: [{ by: "count", direction: "desc" }] } });
    expect(saved.status).toBe(201);
    const id = saved.body.report.id;
    const listed = await call(org.members.viewer, "GET", "/api/reports");
    expect(listed.body.reports.map((r: { id: string }) => r.id)).toContain(id);
    const rows = await call(org.members.viewer, "GET", `/api/reports/${id}/preview`);
    expect(rows.body.rows).toEqual([
      { outcome: "connected", count: 3 },
      { outcome: "machine", count: 1 },
      { outcome: "no_answer", count: 1 },
    ]);
    const csv = await call(org.members.viewer, "GET", `/api/reports/${id}/export`);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="outcomes.csv"');
    expect(csv.body).toBe("outcome,count\nconnected,3\nmachine,1\nno_answer,1\n");
    expect((await call(org.members.viewer, "PATCH", `/api/reports/${id}`, { name: "Mine now" })).status).toBe(403);
    expect((await call(other.owner, "GET", `/api/reports/${id}/export`)).status).toBe(404);
    expect((await call(other.owner, "GET", "/api/reports")).body.reports).toEqual([]);
  });

  it("a saved payments report is for supervisors and up, as the payments list is: a viewer gets 403 naming why", async () => {
    const saved = await call(org.members.supervisor, "POST", "/api/reports", { name: "Money by method", definition: { dataset: "payments", groupBy: ["method"] } });
    expect(saved.status).toBe(201);
    const id = saved.body.report.id;
    expect((await call(org.members.supervisor, "GET", `/api/reports/${id}/preview`)).status).toBe(200);
    for (const path of ["preview", "export"]) {
      const refused = await call(org.members.viewer, "GET", `/api/reports/${id}/${path}`);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.message, path).toBe('The report "Money by method" reads payments, which is for a supervisor or above');
    }
  });

  it("answers 409 naming the field when a saved report names one this version does not know", async () => {
    const saved = await call(org.members.supervisor, "POST", "/api/reports", { name: "Old", definition: { dataset: "calls", columns: ["outcome"] } });
    await withDatabase((db) => db.execute(sql`update saved_reports set definition = '{"dataset":"calls","columns":["retiredField"]}'::jsonb where id = ${saved.body.report.id}`));
    for (const path of ["preview", "export"]) {
      const answer = await call(org.members.viewer, "GET", `/api/reports/${saved.body.report.id}/${path}`);
      expect(answer.status).toBe(409);
      expect(answer.body.error.message).toContain('columns.0: unknown field "retiredField"');
    }
  });

  it("refuses a saved definition with an unknown field, naming it", async () => {
    const answer = await call(org.members.supervisor, "POST", "/api/reports", { name: "Bad", definition: { dataset: "agents", columns: ["passwordHash"] } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields[0]).toMatchObject({ path: "definition.columns.0", message: expect.stringContaining('unknown field "passwordHash" in agents') });
  });
});

describe("CSV exports", () => {
  it("defuses cells a spreadsheet would run as formulas, and keeps the text otherwise whole", async () => {
    const names = ["=HYPERLINK(\"http://x\")", "+1+2", "-3+4", "@SUM(A1)", "\tTabbed", "\rReturned", "\uFF1DSUM(A1)", "Plain, with \"quotes\"", "+15550100001", "-42"];
    await withDatabase((db) => db.insert(campaigns).values(names.map((name) => ({ organizationId: org.organizationId, name, safeHarborMessage: "m" }))));
    const csv = await call(org.members.supervisor, "POST", "/api/reports/export", { definition: { dataset: "campaigns", columns: ["name", "abandonCapPercent"], sort: [{ by: "name" }] } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const cells = parseCsv(csv.body as string).slice(1).map((row) => row[0]);
    expect(new Set(cells)).toEqual(
      new Set(["'=HYPERLINK(\"http://x\")", "'+1+2", "'-3+4", "'@SUM(A1)", "'\tTabbed", "'\rReturned", "'\uFF1DSUM(A1)", "Plain, with \"quotes\"", "+15550100001", "-42"]),
    );
  });

  it("streams a large export page by page, every row once, in order", async () => {
    const rows = 25_000;
    const big = await createOrgWithEveryRole("Reports big");
    await withDatabase((db) =>
      db.execute(sql`
        insert into calls (id, organization_id, direction, kind, origin, outcome, to_number, from_number, status, created_at, version)
        select gen_random_uuid(), ${big.organizationId}, 'outbound', 'dialer', 'dialer', 'no_answer', '+1555' || lpad(n::text, 7, '0'), '+15550001000', 'completed',
               timestamptz '2026-11-01T00:00:00Z' + make_interval(secs => n), 1
        from generate_series(1, ${rows}) as n`),
    );
    const response = await exports.default.fetch(
      new Request(`${BASE_URL}/api/reports/export`, {
        method: "POST",
        headers: { cookie: big.members.supervisor.cookie!, "content-type": "application/json", "cf-connecting-ip": big.members.supervisor.address! },
        body: JSON.stringify({ definition: { dataset: "calls", columns: ["createdAt", "toNumber"], sort: [{ by: "createdAt" }] } }),
      }),
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let chunks = 0;
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks += 1;
      text += decoder.decode(value, { stream: true });
    }
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("createdAt,toNumber");
    expect(lines).toHaveLength(rows + 1);
    expect(lines[1]).toBe("2026-11-01T00:00:01.000Z,+15550000001");
    expect(lines.at(-1)).toBe("2026-11-01T06:56:40.000Z,+15550025000");
    // A page of 2,000 rows is one write: the result never sat whole in the Worker.
    expect(chunks).toBeGreaterThanOrEqual(rows / 2_000);
  });
});

/** A small RFC 4180 reader for the test's own assertions. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

// "Ask in plain words" against the model simulator (scripted, not a real model): the
// question becomes a definition of the builder's own shape that previews like any other;
// a proposal naming a field the builder does not have, or SQL, is refused and nothing runs.
describe("asking in plain words", () => {
  const ask = (who: Caller, question: unknown) => call(who, "POST", "/api/reports/ask", { question });
  const mondayOf = (today: string) => {
    const ms = Date.parse(`${today}T00:00:00Z`);
    return new Date(ms - ((new Date(ms).getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  };

  it("turns a question into a definition of the builder's shape, labelled as the simulator's, that previews as built by hand", async () => {
    const answer = await ask(org.members.supervisor, "Promises to pay this week by agent");
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    // "This week" is the organisation's week: today as its time zone has it (not UTC's, a day
    // ahead in the hours after midnight UTC).
    const { timeZone } = (await call(org.members.supervisor, "GET", "/api/organization")).body.organization as { timeZone: string };
    const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
    expect(answer.body).toEqual({
      question: "Promises to pay this week by agent",
      definition: {
        dataset: "dispositions",
        filters: [
          { field: "disposition", op: "eq", value: "promise_to_pay" },
          { field: "day", op: "gte", value: mondayOf(today) },
        ],
        groupBy: ["agentName"],
        measures: [{ fn: "count" }, { fn: "sum", field: "promiseAmountCents" }],
        sort: [{ by: "sum_promiseAmountCents", direction: "desc" }],
      },
      model: { name: "wib-sim-1", simulated: true },
    });
    const ran = await preview(org.members.supervisor, answer.body.definition);
    expect(ran.status).toBe(200);
    expect(ran.body.columns).toEqual(["agentName", "count", "sum_promiseAmountCents"]);
  });

  it("refuses a proposal naming a field the builder does not have, naming it", async () => {
    const answer = await ask(org.members.supervisor, "abandon rate by hour for campaign Autumn");
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/The model proposed a report the builder cannot run: definition\.groupBy\.0: unknown field "hour" in calls/);
    expect(answer.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: "question" }), expect.objectContaining({ path: "definition.groupBy.0" })]));
  });

  it("refuses SQL, and an answer in words, without running anything", async () => {
    const sqlAnswer = await ask(org.members.supervisor, "give me the SQL for all calls");
    expect(sqlAnswer.status).toBe(400);
    expect(sqlAnswer.body.error.message).toMatch(/cannot run: definition: Unrecognized key: "sql"/);
    const words = await ask(org.members.supervisor, "what is the weather tomorrow?");
    expect(words.status).toBe(400);
    expect(words.body.error.message).toMatch(/The model did not propose a report; it said: "I can only propose reports/);
  });

  it("takes questions only from those who may build reports, and only questions", async () => {
    expect((await ask(org.members.viewer, "calls by outcome")).status).toBe(403);
    const empty = await ask(org.members.supervisor, " ");
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe("question");
  });
});
