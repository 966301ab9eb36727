// How the KPI page shows a KPI row: which KPIs get a column (those the record can give:
// the others are listed with what they need, never shown as a zero) and each one's text.
import type { KpiReport, KpiRow } from "$contracts/analytics";

type Definition = KpiReport["definitions"][number];

export const kpiColumns = (definitions: readonly Definition[]) => definitions.filter((d) => d.needs === null);

const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(1)} %`);
const seconds = (s: number | null) => (s === null ? "–" : s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.round(s)} s`);
const dollars = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });

/** The KPI's value in the row as text; "–" where there is no value (no answers yet: no rate). */
export function formatKpi(row: KpiRow, key: string): string {
  switch (key) {
    case "dials":
      return String(row.dials);
    case "connects":
      return String(row.connects);
    case "rightPartyContacts":
      return String(row.rightPartyContacts);
    case "talkSeconds":
      return seconds(row.talkSeconds);
    case "ahtSeconds":
      return seconds(row.ahtSeconds);
    case "abandonRate":
      return percent(row.abandon.period.rate);
    case "abandonRate30d":
      return percent(row.abandon.rolling30d.rate);
    case "promisesToPay":
      return `${row.promisesToPay.count} (${dollars(row.promisesToPay.amountCents)})`;
    case "promiseKeptRate":
      return `${percent(row.promiseKept.rate)} (${row.promiseKept.kept} of ${row.promiseKept.due})`;
    case "paymentsCollected":
      return `${dollars(row.paymentsCollected.amountCents)} (${row.paymentsCollected.count})`;
    case "conversion":
      return percent(row.conversion.rate);
    case "complianceSkips":
      return row.complianceSkips === null ? "–" : String(row.complianceSkips.total);
    case "complianceSkipsCaused":
      return String(row.complianceSkipsCaused);
    case "aiHandledCalls":
      return String(row.ai.handled);
    case "aiTakeoverRate":
      return `${percent(row.ai.takeoverRate)} (${row.ai.takenOver} of ${row.ai.handled})`;
    case "occupancy":
      return row.presence === null ? "–" : percent(row.presence.occupancy);
    case "idleSeconds":
      return row.presence === null ? "–" : seconds(row.presence.idleSeconds);
    case "contactsPerAgentHour":
      return row.presence?.contactsPerAgentHour == null ? "–" : row.presence.contactsPerAgentHour.toFixed(1);
    default:
      return "–";
  }
}
