import { readFileSync } from "node:fs";
import { drawLeadFate, leadDistributions } from "./objects/campaign/pacing/simulation/lead-fate.ts";
const [dumpFile, wFile, speedArg, seedArg] = process.argv.slice(2);
const d = JSON.parse(readFileSync(dumpFile!, "utf8"));
const w = JSON.parse(readFileSync(wFile!, "utf8"));
const speed = +speedArg!; const seed = seedArg ? +seedArg : w.seed;
const dist = leadDistributions(w);
const leadOf = (to: string) => { const m = /^\+15558(\d{6})$/.exec(to); return m ? Number(m[1]) : null; };
const spans = d.spans as any[];
const onCall = new Map<string, any>(); for (const s of spans) if (s.status === "on_call" && s.callId && !onCall.has(s.callId)) onCall.set(s.callId, s);
const rel = (ms: number | null) => ms === null ? "-" : ((ms - d.shiftStartMs) / 1000).toFixed(2);
for (const c of d.calls) {
  if (c.createdAtMs < d.shiftStartMs || c.createdAtMs >= d.shiftEndMs) continue;
  const lead = leadOf(c.to); if (lead === null) continue;
  const f = drawLeadFate(w, dist, seed, lead, ((c.createdAtMs - d.planStartMs) / 1000) * speed);
  if (f.outcome !== "human" || c.answeredAtMs === null) continue;
  if (c.bridgedAtMs !== null) continue;
  const verdict = c.createdAtMs + (f.answerSeconds + f.amdSeconds) * 1000 / speed;
  const r = onCall.get(c.id);
  console.log(`abandon ${c.id.slice(0,8)} dial ${rel(c.createdAtMs)} answered ${rel(c.answeredAtMs)} verdict~${rel(verdict)} judgedHuman ${f.judgedHuman} reserved ${r ? rel(r.fromMs) : "-"} ended ${rel(c.endedAtMs)} talk ${f.talkSeconds.toFixed(0)}`);
}
