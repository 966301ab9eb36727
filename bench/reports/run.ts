// `npm run bench:reports [-- --rows 1000000] [--json]`: a 1,000,000-row report builder CSV
// export streamed through the real Worker, rows/s and peak RSS (../shared/report-export.ts).
import { runReportExportBench } from "../shared/report-export.ts";

runReportExportBench("bench:reports");
