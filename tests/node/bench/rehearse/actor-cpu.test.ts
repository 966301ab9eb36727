// CPU per actor kind from an isolate profile: each busy sample goes to the outermost
// frame of our code on its stack, found through esbuild's file markers in the bundle.
import { describe, expect, it } from "vitest";
import { bundleMapOf, cpuByKind, sourceAt, type CpuProfile } from "../../../../bench/rehearse/actor-cpu";

const BUNDLE = ["// node_modules/partyserver/dist/index.js", "class Server {}", "// objects/shared/durable/outbox.ts", "function flush() {}", "// objects/campaign/CampaignActor.ts", "class CampaignActor {}", "// objects/call/CallActor.ts", "class CallActor {}", "// worker/index.ts", "export default {}"].join("\n");

describe("charging an isolate profile to actor kinds", () => {
  it("maps a bundle line to the source file it lies in", () => {
    const map = bundleMapOf(BUNDLE);
    expect(sourceAt(map, 1)).toBe("node_modules/partyserver/dist/index.js");
    expect(sourceAt(map, 3)).toBe("objects/shared/durable/outbox.ts");
    expect(sourceAt(map, 5)).toBe("objects/campaign/CampaignActor.ts");
    expect(sourceAt(map, 9)).toBe("worker/index.ts");
  });

  it("charges shared code to the actor that called it, the framework's own to no one, and leaves idle out", () => {
    const frame = (id: number, functionName: string, lineNumber: number, children: number[] = []) => ({ id, callFrame: { functionName, url: "file:///tmp/index.js", lineNumber }, children });
    // root → partyserver → CampaignActor → outbox (shared); root → CallActor; root → partyserver alone; idle.
    const profile: CpuProfile = {
      nodes: [frame(1, "(root)", -1, [2, 5, 7]), frame(2, "fetch", 1, [3]), frame(3, "onAlarm", 5, [4]), frame(4, "flush", 3), frame(5, "webhook", 7), frame(6, "(idle)", -1), frame(7, "gc", 1)],
      samples: [4, 4, 3, 5, 7, 6],
      timeDeltas: [0, 1000, 1000, 1000, 2000, 500, 9000],
    };
    const map = bundleMapOf(BUNDLE);
    const totals = cpuByKind(profile, (_url, line) => sourceAt(map, line));
    expect(totals).toEqual({ CampaignActor: 3, CallActor: 2, AgentPoolActor: 0, RecordWriter: 0, Worker: 0, other: 0.5 });
  });
});
