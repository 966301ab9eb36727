// A console rehearsal's world in the carrier simulator (POST /control/rehearsals): its
// leads answer as the workload says at the rehearsal's own speed while every other call
// keeps the simulator's; its agents sit down at the Worker's pool socket; ending it
// stops the rehearsal campaign through the API with the runner's session and leaves the
// simulator as it was. Also: every workload the console offers exists, and a deployment
// without the simulator says so.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REHEARSAL_WORKLOADS } from "../../../domain/rehearsal";
import { namedWorkload } from "../../../sim/carrier/rehearsal-floor";
import { REHEARSAL_NEEDS_SIMULATOR } from "../../../worker/campaigns/rehearsal-simulator";
import { simulatorControlUrl } from "../../../worker/simulator-control";
import { startHarness, type Harness } from "./harness";

const ORG = "11111111-2222-4333-8444-555555555555";
const CAMPAIGN = "66666666-7777-4888-9999-000000000000";
const AGENT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const AGENT_ADDRESS = `sip:agent-${AGENT}@agents.wordisbond.local`;

/**
 * The Worker's side as the floor sees it: every request kept; no socket upgrades (the desks
 * cannot sit down). A campaign stop gets the next of `stopAnswers`, then 200.
 */
function fakeWorker() {
  const requests: { method: string; url: string; cookie: string | undefined }[] = [];
  const stopAnswers: number[] = [];
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "", cookie: request.headers.cookie });
    const status = request.url?.endsWith("/stop") ? (stopAnswers.shift() ?? 200) : 200;
    response.writeHead(status, { "content-type": "application/json" }).end("{}");
  });
  return {
    requests,
    stopAnswers,
    listen: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

let h: Harness;
let worker: ReturnType<typeof fakeWorker>;
let apiUrl: string;
beforeEach(async () => {
  h = await startHarness();
  worker = fakeWorker();
  apiUrl = await worker.listen();
});
afterEach(async () => {
  await h.close();
  await worker.close();
});

// People answer after exactly 10 workload seconds (median = p90), and always answer.
const workload = {
  name: "rehearsal-test",
  agents: 1,
  phases: [{ fromSecond: 0, outcomes: { human: 1, machine: 0, noAnswer: 0, busy: 0, invalid: 0 } }],
  answerSeconds: { human: { median: 10, p90: 10 } },
};
const rehearsal = (overrides: Record<string, unknown> = {}) => ({
  api_url: apiUrl,
  organization_id: ORG,
  campaign_id: CAMPAIGN,
  agents: [{ user_id: AGENT, session: "agent-session", address: AGENT_ADDRESS }],
  runner_session: "runner-session",
  workload,
  speed: 10,
  minutes: 30,
  number_prefix: "+15558",
  ...overrides,
});

describe("a console rehearsal in the simulator", () => {
  it("plays its leads at its own speed, leaves other calls at the simulator's, and puts its agents at their desks", async () => {
    const started = await h.control<{ rehearsal: { campaign_id: string; agents: number; state: string } }>("POST", "/control/rehearsals", rehearsal());
    expect(started.status).toBe(201);
    expect(started.body.rehearsal).toMatchObject({ campaign_id: CAMPAIGN, agents: 1, state: "running" });
    const world = await h.control<{ speed: number; speed_by_prefix: Record<string, number>; speed_by_number: Record<string, number> }>("GET", "/control");
    expect(world.body).toMatchObject({ speed: 1, speed_by_prefix: { "+15558": 10 }, speed_by_number: { [AGENT_ADDRESS]: 10 } });

    // 10 workload seconds at speed 10: the lead answers within the first simulated second and a half.
    const lead = await h.dial("+15558000001");
    await h.advance(1.5);
    expect(h.types(lead)).toContain("call.answered");

    // The desk reached for the Worker's pool socket (here refused: no upgrade) and says so.
    await expect.poll(async () => (await h.control<{ rehearsal: { problems: string[] } }>("GET", "/control/rehearsals")).body.rehearsal.problems.join(" ")).toMatch(/could not sit down/);
    await h.control("DELETE", "/control/rehearsals");
  });

  it("ends by stopping its campaign with the runner's session, and leaves the simulator as it was", async () => {
    await h.control("POST", "/control/rehearsals", rehearsal());
    const ended = await h.control("DELETE", "/control/rehearsals");
    expect(ended.status).toBe(200);
    expect(worker.requests).toContainEqual({ method: "POST", url: `/api/campaigns/${CAMPAIGN}/stop`, cookie: "wib_session=runner-session" });
    const world = await h.control<{ speed_by_prefix: Record<string, number>; speed_by_number: Record<string, number> }>("GET", "/control");
    expect(world.body.speed_by_prefix).toEqual({});
    expect(world.body.speed_by_number).toEqual({});
    expect((await h.control<{ plan: unknown }>("GET", "/control/workload-plan")).body.plan).toBeNull();
    expect((await h.control<{ rehearsal: unknown }>("GET", "/control/rehearsals")).body.rehearsal).toBeNull();
  });

  it("ends the rehearsal before it when a new one begins", async () => {
    await h.control("POST", "/control/rehearsals", rehearsal());
    const second = "99999999-8888-4777-8666-555555555555";
    await h.control("POST", "/control/rehearsals", rehearsal({ campaign_id: second }));
    expect(worker.requests.filter((r) => r.url === `/api/campaigns/${CAMPAIGN}/stop`)).toHaveLength(1);
    expect((await h.control<{ rehearsal: { campaign_id: string } }>("GET", "/control/rehearsals")).body.rehearsal.campaign_id).toBe(second);
    await h.control("DELETE", "/control/rehearsals");
  });

  it("stops its campaign at once when none of its agents can sit down, and only once", async () => {
    await h.control("POST", "/control/rehearsals", rehearsal());
    type Seen = { rehearsal: { state: string; campaign_stop: string; problems: string[] } };
    await expect.poll(async () => (await h.control<Seen>("GET", "/control/rehearsals")).body.rehearsal.campaign_stop).toBe("stopped");
    const seen = (await h.control<Seen>("GET", "/control/rehearsals")).body.rehearsal;
    expect(seen.problems.join(" ")).toMatch(/no agent could sit down at http:\/\/127\.0\.0\.1:\d+: the campaign is stopped/);
    expect(worker.requests).toContainEqual({ method: "POST", url: `/api/campaigns/${CAMPAIGN}/stop`, cookie: "wib_session=runner-session" });
    await h.control("DELETE", "/control/rehearsals");
    expect(worker.requests.filter((r) => r.url.endsWith("/stop"))).toHaveLength(1);
  });

  it("tries a stop the API did not take again, with backoff on the simulator's clock, until it lands", async () => {
    worker.stopAnswers.push(503, 503);
    await h.control("POST", "/control/rehearsals", rehearsal());
    type Seen = { rehearsal: { campaign_stop: string; problems: string[] } };
    const seen = async () => (await h.control<Seen>("GET", "/control/rehearsals")).body.rehearsal;
    const stops = () => worker.requests.filter((r) => r.url.endsWith("/stop")).length;
    await expect.poll(stops).toBe(1);
    await expect.poll(async () => (await seen()).problems.join(" ")).toMatch(/stopping the campaign answered 503; trying again in 1 s/);
    expect((await seen()).campaign_stop).toBe("trying");
    await h.advance(1);
    await expect.poll(stops).toBe(2);
    // The second wait is twice the first: half of it is not enough.
    await h.advance(1);
    expect(stops()).toBe(2);
    await h.advance(1);
    await expect.poll(async () => (await seen()).campaign_stop).toBe("stopped");
    expect(stops()).toBe(3);
    expect((await seen()).problems.join(" ")).toMatch(/the campaign is stopped \(the API took the stop on a later try\)/);
    await h.control("DELETE", "/control/rehearsals");
    expect(stops()).toBe(3);
  });

  it("refuses a workload it does not know, naming the ones it does", async () => {
    const refused = await h.control<{ error: { message: string } }>("POST", "/control/rehearsals", rehearsal({ workload: "no-such-workload" }));
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain("sales-25");
  });
});

describe("the workloads a rehearsal offers", () => {
  it.each(REHEARSAL_WORKLOADS)("%s is a valid workload in bench/workloads", async (name) => {
    const loaded = await namedWorkload(name);
    expect(loaded.ok, loaded.ok ? "" : loaded.message).toBe(true);
  });
});

describe("where a rehearsal runs", () => {
  it("is the carrier simulator's control API; a deployment calling Telnyx has none, and says so", () => {
    expect(simulatorControlUrl({ CARRIER_MODE: "simulator", TELNYX_BASE_URL: "http://127.0.0.1:8789/v2" }, REHEARSAL_NEEDS_SIMULATOR)).toEqual({ ok: true, url: "http://127.0.0.1:8789/control" });
    const production = simulatorControlUrl({ CARRIER_MODE: "telnyx", TELNYX_BASE_URL: "" }, REHEARSAL_NEEDS_SIMULATOR);
    expect(production.ok).toBe(false);
    expect(production.ok ? "" : production.missing).toMatch(/has none: its carrier is Telnyx \(CARRIER_MODE=telnyx\)/);
    const unplaced = simulatorControlUrl({ CARRIER_MODE: "simulator", TELNYX_BASE_URL: "" }, REHEARSAL_NEEDS_SIMULATOR);
    expect(unplaced.ok ? "" : unplaced.missing).toMatch(/TELNYX_BASE_URL/);
  });
});
