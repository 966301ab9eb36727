// API keys for integrators: shown once on creation, stored only as a SHA-256 hash,
// carrying a role no higher than their creator's, the scopes they may use (never more
// than a creating key has), an optional expiry and a budget of requests a minute.
// What a key must satisfy per request is worker/auth/api-key-policy.ts.
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { randomToken } from "../auth/crypto";
import { sha256Hex } from "../../domain/sha256";
import { API_KEY_PREFIX } from "../auth/identity";
import { canGrantRole } from "../../domain/roles";
import { API_SCOPES, DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE, MAX_API_KEY_RATE_LIMIT_PER_MINUTE, scopesGrant } from "../../domain/api-scopes";
import { apiKeys } from "../../db/schema";
import { forbidden, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { createApiKey, listApiKeys, revokeApiKey } from "../http/contracts/organization";
import { defineRoute, member } from "../http/route-table";
import { roleField } from "./validation";

const DISPLAY_PREFIX_LENGTH = 12;
const MAX_API_KEY_LIFETIME_MS = 2 * 366 * 24 * 3_600_000;

const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  displayPrefix: apiKeys.displayPrefix,
  role: apiKeys.role,
  scopes: apiKeys.scopes,
  expiresAt: apiKeys.expiresAt,
  rateLimitPerMinute: apiKeys.rateLimitPerMinute,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

defineRoute(listApiKeys, {
  summary: "API keys of the organisation (never their secrets)",
  access: member("admin"),
  handler: async (c) => {
    const rows = await c.var.db
      .select(apiKeyColumns)
      .from(apiKeys)
      .where(eq(apiKeys.organizationId, c.var.identity.organizationId))
      .orderBy(desc(apiKeys.createdAt));
    return c.json({ apiKeys: rows });
  },
});

defineRoute(createApiKey, {
  summary: "Create an API key; the secret is returned once",
  access: member("admin"),
  body: z.strictObject({
    name: z.string().trim().min(1).max(100),
    role: roleField,
    scopes: z.array(z.enum(API_SCOPES)).min(1, "give the key at least one scope").transform((scopes) => [...new Set(scopes)]),
    /** Absent or null: the key never expires. */
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((at) => Date.parse(at) > Date.now(), "must be in the future")
      .refine((at) => Date.parse(at) <= Date.now() + MAX_API_KEY_LIFETIME_MS, "must be within 2 years")
      .nullish(),
    rateLimitPerMinute: z.number().int().min(1).max(MAX_API_KEY_RATE_LIMIT_PER_MINUTE).optional(),
  }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    if (!canGrantRole(identity.role, body.role)) throw forbidden(`A ${identity.role} cannot create a ${body.role} key`);
    const beyondCreator = identity.scopes ? body.scopes.filter((scope) => !scopesGrant(identity.scopes!, scope)) : [];
    if (beyondCreator.length) throw forbidden(`This API key cannot give scopes it lacks: ${beyondCreator.join(", ")}`);
    const secret = `${API_KEY_PREFIX}${randomToken(32)}`;
    const apiKey = await c.var.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(apiKeys)
        .values({
          organizationId: identity.organizationId,
          name: body.name,
          displayPrefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
          keyHash: await sha256Hex(secret),
          role: body.role,
          scopes: body.scopes,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
          rateLimitPerMinute: body.rateLimitPerMinute ?? DEFAULT_API_KEY_RATE_LIMIT_PER_MINUTE,
          // A key made by a key acts for the same person, so leaving the organisation ends both.
          createdByUserId: identity.userId ?? identity.onBehalfOfUserId,
        })
        .returning(apiKeyColumns);
      await recordAudit(tx, identity.organizationId, identity, {
        action: "api_key.created",
        resourceType: "api_key",
        resourceId: row!.id,
        after: { name: body.name, role: body.role, scopes: row!.scopes, expiresAt: row!.expiresAt, rateLimitPerMinute: row!.rateLimitPerMinute, displayPrefix: row!.displayPrefix },
      });
      return row!;
    });
    return c.json({ apiKey, secret }, 201);
  },
});

defineRoute(revokeApiKey, {
  summary: "Revoke an API key",
  access: member("admin"),
  resource: "apiKey",
  handler: async (c) => {
    const id = idParam(c, "API key");
    const identity = c.var.identity;
    const apiKey = await c.var.db.transaction(async (tx) => {
      const [row] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, id), eq(apiKeys.organizationId, identity.organizationId), isNull(apiKeys.revokedAt)))
        .returning(apiKeyColumns);
      if (!row) throw notFound("Active API key");
      await recordAudit(tx, identity.organizationId, identity, {
        action: "api_key.revoked",
        resourceType: "api_key",
        resourceId: id,
        before: { name: row.name, role: row.role },
      });
      return row;
    });
    return c.json({ apiKey });
  },
});
