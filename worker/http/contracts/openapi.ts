// GET /api/openapi.json: the API described as OpenAPI 3.1, generated from the route table.
import { z } from "zod";
import { routeContract } from "./contract";

export const openApiDocument = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.looseObject({}),
});

export const getOpenApiDocument = routeContract({ method: "GET", path: "/api/openapi.json", response: { 200: openApiDocument }, errors: [] });

export const openApiRoutes = [getOpenApiDocument] as const;
