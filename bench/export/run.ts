// `npm run bench:export`: the first name of `bench:reports`, kept working; the same run
// (../shared/report-export.ts).
import { runReportExportBench } from "../shared/report-export.ts";

runReportExportBench("bench:export");
