// A person's data on request: everything about one account as a download (JSON, or one
// table as CSV), and erasure of their personal data (refused while a legal hold stands).
import { z } from "zod";
import { id, instant, rawBody, routeContract } from "./contract";

/** Every table about the account as one JSON document, streamed (worker/privacy/account-data.ts). */
export const exportAccountJson = routeContract({ method: "GET", path: "/api/accounts/:id/export", response: { 200: rawBody("application/json") }, errors: [] });
/** One table about the account (`?table=calls`) as CSV, streamed. */
export const exportAccountCsv = routeContract({ method: "GET", path: "/api/accounts/:id/export.csv", response: { 200: rawBody("text/csv") }, errors: [] });

export const erasureBody = z.strictObject({
  erased: z.strictObject({
    accountId: id,
    erasedAt: instant,
    calls: z.number().int(),
    transcriptLines: z.number().int(),
    recordings: z.number().int(),
    payments: z.number().int(),
  }),
});

/** Erases the person's personal data; 409 naming the hold while one stands, or when erased already. */
export const eraseAccountRoute = routeContract({ method: "POST", path: "/api/accounts/:id/erase", response: { 200: erasureBody }, errors: ["conflict"] });

export const privacyRoutes = [exportAccountJson, exportAccountCsv, eraseAccountRoute] as const;
