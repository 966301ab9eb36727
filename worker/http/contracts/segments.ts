// Saved segments: named filters over the organisation's accounts (domain/segment-filters.ts),
// and the live count of the accounts a set of filters matches, saved or not.
import { z } from "zod";
import { segmentFilters } from "../../../domain/segment-filters";
import { NO_BODY, id, instant, routeContract } from "./contract";

export const segment = z.strictObject({
  id,
  name: z.string(),
  filters: segmentFilters,
  /** Accounts matching the filters when this answer was made. */
  matchingAccounts: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
});
export type Segment = z.infer<typeof segment>;

const segmentBody = z.strictObject({ segment });

export const listSegments = routeContract({ method: "GET", path: "/api/segments", response: { 200: z.strictObject({ segments: z.array(segment) }) }, errors: [] });
export const getSegment = routeContract({ method: "GET", path: "/api/segments/:id", response: { 200: segmentBody }, errors: [] });
export const createSegment = routeContract({ method: "POST", path: "/api/segments", response: { 201: segmentBody }, errors: [] });
export const changeSegment = routeContract({ method: "PATCH", path: "/api/segments/:id", response: { 200: segmentBody }, errors: [] });
/** conflict: a campaign that is not stopped targets the segment. */
export const deleteSegment = routeContract({ method: "DELETE", path: "/api/segments/:id", response: { 204: NO_BODY }, errors: ["conflict"] });
/** Counts the accounts unsaved filters match: the editor's live count. */
export const countSegment = routeContract({
  method: "POST",
  path: "/api/segments/count",
  response: { 200: z.strictObject({ matchingAccounts: z.number().int() }) },
  errors: [],
});

export const segmentRoutes = [listSegments, countSegment, getSegment, createSegment, changeSegment, deleteSegment] as const;
