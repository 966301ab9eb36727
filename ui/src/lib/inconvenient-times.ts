// The times a consumer said are inconvenient, in words for the account page:
// "Saturdays 20:00–09:00 (into the next day)", "24 Dec 2026 to 26 Dec 2026".
import type { InconvenientTime } from "$domain/inconvenient-times";

const dayNames = { sun: "Sundays", mon: "Mondays", tue: "Tuesdays", wed: "Wednesdays", thu: "Thursdays", fri: "Fridays", sat: "Saturdays" } as const;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : dateFormat.format(date);
}

export function describeInconvenientTime(time: InconvenientTime): string {
  if (time.kind === "weekly") {
    const overnight = time.to <= time.from && time.to !== "24:00";
    return `${dayNames[time.day]} ${time.from}–${time.to}${overnight ? " (into the next day)" : ""}`;
  }
  return time.fromDate === time.toDate ? formatDate(time.fromDate) : `${formatDate(time.fromDate)} to ${formatDate(time.toDate)}`;
}
