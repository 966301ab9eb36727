// The health probe's database check, kept for a second (worker/http/recent-answer.ts): polling
// the public probe asks Postgres at most once a second.
import { describe, expect, it } from "vitest";
import { RecentAnswer } from "../../../worker/http/recent-answer";

function counted(answers: boolean[]) {
  let asked = 0;
  return { ask: async () => answers[asked++]!, asked: () => asked };
}

describe("a recent answer", () => {
  it("answers probes within the second from one check, then asks again", async () => {
    let nowMs = 1_000;
    const kept = new RecentAnswer<boolean>(1000, () => nowMs);
    const check = counted([true, false]);
    expect(await kept.get(check.ask)).toBe(true);
    for (const at of [1_100, 1_500, 1_999]) {
      nowMs = at;
      expect(await kept.get(check.ask)).toBe(true);
    }
    expect(check.asked()).toBe(1);
    nowMs = 2_000;
    expect(await kept.get(check.ask)).toBe(false);
    expect(check.asked()).toBe(2);
  });

  it("asks again when the clock went back", async () => {
    let nowMs = 5_000;
    const kept = new RecentAnswer<boolean>(1000, () => nowMs);
    const check = counted([true, true]);
    await kept.get(check.ask);
    nowMs = 4_000;
    await kept.get(check.ask);
    expect(check.asked()).toBe(2);
  });
});
