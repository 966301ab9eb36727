// npm run bench:intel -- --utterances FILE [--json] [--misses]
// Accuracy of the offline models on a labelled list (bench/intel/utterances.json is ours:
// 212 call-centre utterances in ten languages). With --json: one object and nothing else.
// The load mode (100 concurrent calls through the engine) is not built yet.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { labelledUtterance, scoreUtterances } from "./accuracy";

const { values } = parseArgs({
  options: { utterances: { type: "string", default: "bench/intel/utterances.json" }, json: { type: "boolean", default: false }, misses: { type: "boolean", default: false } },
});
const parsed = z.array(labelledUtterance).safeParse(JSON.parse(readFileSync(values.utterances, "utf8")));
if (!parsed.success) {
  console.error(`${values.utterances}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  process.exit(2);
}
const { report, misses } = scoreUtterances(parsed.data);
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  console.log(`${parsed.data.length} utterances from ${values.utterances}`);
  console.log(`language accuracy   ${(report.languageAccuracy * 100).toFixed(1)} %`);
  console.log(`negative            precision ${report.negative.precision}  recall ${report.negative.recall}`);
  console.log(`objection           precision ${report.objection.precision}  recall ${report.objection.recall}`);
  if (values.misses) for (const miss of misses) console.log(`  ${miss.what}: expected ${miss.expected}, got ${miss.got}: ${miss.text}`);
}
