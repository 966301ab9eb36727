// The report builder: saved reports shared within the organisation, previews of their
// first rows, and CSV exports streamed from the database.
import { z } from "zod";
import { reportDefinition } from "../../../domain/report-definition";
import { NO_BODY, id, instant, rawBody, routeContract } from "./contract";

export const savedReport = z.strictObject({
  id,
  name: z.string(),
  definition: reportDefinition,
  createdByUserId: id.nullable(),
  createdAt: instant,
  updatedAt: instant,
});
export type SavedReport = z.infer<typeof savedReport>;

export const reportPreview = z.strictObject({
  columns: z.array(z.string()),
  /** Values as JSON carries them: instants as ISO strings, days as YYYY-MM-DD. */
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  /** The zone whose calendar draws "day" fields: the organisation's. */
  timeZone: z.string(),
  limit: z.number().int(),
});
export type ReportPreview = z.infer<typeof reportPreview>;

const oneReport = z.strictObject({ report: savedReport });
const csv = rawBody("text/csv; charset=utf-8");

export const listReports = routeContract({ method: "GET", path: "/api/reports", response: { 200: z.strictObject({ reports: z.array(savedReport) }) }, errors: [] });
export const createReport = routeContract({ method: "POST", path: "/api/reports", response: { 201: oneReport }, errors: [] });
export const getReport = routeContract({ method: "GET", path: "/api/reports/:id", response: { 200: oneReport }, errors: [] });
export const updateReport = routeContract({ method: "PATCH", path: "/api/reports/:id", response: { 200: oneReport }, errors: [] });
export const deleteReport = routeContract({ method: "DELETE", path: "/api/reports/:id", response: { 204: NO_BODY }, errors: [] });
/** A definition not saved yet: the builder's preview while editing. */
export const previewDefinition = routeContract({ method: "POST", path: "/api/reports/preview", response: { 200: reportPreview }, errors: [] });
/** A definition not saved yet, every row as CSV. */
export const exportDefinition = routeContract({ method: "POST", path: "/api/reports/export", response: { 200: csv }, errors: [] });
/** conflict: the saved definition names what this version no longer knows. */
/** forbidden: a report over a dataset above the caller's role (DATASET_LEAST_ROLE: payments for supervisors and up). */
export const previewReport = routeContract({ method: "GET", path: "/api/reports/:id/preview", response: { 200: reportPreview }, errors: ["conflict", "forbidden"] });
export const exportReport = routeContract({ method: "GET", path: "/api/reports/:id/export", response: { 200: csv }, errors: ["conflict", "forbidden"] });

/** A question in plain words turned into a definition by the model (never run here: the user sees and edits it first). */
export const reportProposal = z.strictObject({
  question: z.string(),
  definition: reportDefinition,
  /** Which model proposed it; simulated: the model simulator's scripted answers, not a real model. */
  model: z.strictObject({ name: z.string(), simulated: z.boolean() }),
});
export type ReportProposal = z.infer<typeof reportProposal>;
/** service_unavailable: no model is configured, or it did not answer. */
export const askReport = routeContract({ method: "POST", path: "/api/reports/ask", response: { 200: reportProposal }, errors: ["service_unavailable"] });

export const reportRoutes = [listReports, createReport, getReport, updateReport, deleteReport, previewDefinition, exportDefinition, previewReport, exportReport, askReport] as const;
