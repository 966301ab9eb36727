// API keys for integrators: shown once on creation, stored only as a SHA-256 hash,
// carrying a role no higher than their creator's.
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { randomToken } from "../auth/crypto";
import { sha256Hex } from "../../domain/sha256";
import { API_KEY_PREFIX } from "../auth/identity";
import { canGrantRole } from "../../domain/roles";
import { apiKeys } from "../../db/schema";
import { forbidden, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { createApiKey, listApiKeys, revokeApiKey } from "../http/contracts/organization";
import { defineRoute, member } from "../http/route-table";
import { roleField } from "./validation";

const DISPLAY_PREFIX_LENGTH = 12;

const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  displayPrefix: apiKeys.displayPrefix,
  role: apiKeys.role,
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
  body: z.strictObject({ name: z.string().trim().min(1).max(100), role: roleField }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    if (!canGrantRole(identity.role, body.role)) throw forbidden(`A ${identity.role} cannot create a ${body.role} key`);
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
          createdByUserId: identity.userId,
        })
        .returning(apiKeyColumns);
      await recordAudit(tx, identity.organizationId, identity, {
        action: "api_key.created",
        resourceType: "api_key",
        resourceId: row!.id,
        after: { name: body.name, role: body.role, displayPrefix: row!.displayPrefix },
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
