// Invitations: an admin invites an email into the organisation with a role; the
// accept link carries a one-time token kept only as a hash. No email is sent yet:
// the response carries the link for the admin to share.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { randomToken } from "../auth/crypto";
import { sha256Hex } from "../../domain/sha256";
import { canGrantRole } from "../../domain/roles";
import { invites, memberships, users } from "../../db/schema";
import { conflict, forbidden, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { createInvite, listInvites, revokeInvite } from "../http/contracts/organization";
import { defineRoute, member } from "../http/route-table";
import { requireSeats } from "../billing/plan-gate";
import { emailField, roleField } from "./validation";

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const inviteColumns = {
  id: invites.id,
  email: invites.email,
  role: invites.role,
  createdAt: invites.createdAt,
  expiresAt: invites.expiresAt,
  acceptedAt: invites.acceptedAt,
  revokedAt: invites.revokedAt,
};

defineRoute(listInvites, {
  summary: "Invitations of the organisation",
  access: member("admin"),
  handler: async (c) => {
    const rows = await c.var.db
      .select(inviteColumns)
      .from(invites)
      .where(eq(invites.organizationId, c.var.identity.organizationId))
      .orderBy(desc(invites.createdAt))
      .limit(200);
    return c.json({ invites: rows });
  },
});

defineRoute(createInvite, {
  summary: "Invite an email into the organisation with a role",
  access: member("admin"),
  body: z.strictObject({ email: emailField, role: roleField }),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    if (!canGrantRole(identity.role, body.role)) throw forbidden(`A ${identity.role} cannot invite a ${body.role}`);
    const token = randomToken(32);
    const invite = await c.var.db.transaction(async (tx) => {
      const [alreadyMember] = await tx
        .select({ id: memberships.id })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.organizationId, identity.organizationId), sql`lower(${users.email}) = ${body.email}`));
      if (alreadyMember) throw conflict(`${body.email} is already a member`);
      await requireSeats(tx, identity.organizationId, 1);
      const [row] = await tx
        .insert(invites)
        .values({
          organizationId: identity.organizationId,
          email: body.email,
          role: body.role,
          tokenHash: await sha256Hex(token),
          invitedByUserId: identity.userId,
          expiresAt: new Date(Date.now() + INVITE_LIFETIME_MS),
        })
        .returning(inviteColumns);
      await recordAudit(tx, identity.organizationId, identity, {
        action: "invite.created",
        resourceType: "invite",
        resourceId: row!.id,
        after: { email: body.email, role: body.role },
      });
      return row!;
    });
    return c.json({ invite, token, acceptPath: `/invite/${token}` }, 201);
  },
});

defineRoute(revokeInvite, {
  summary: "Revoke an invitation that was not yet accepted",
  access: member("admin"),
  resource: "invite",
  handler: async (c) => {
    const id = idParam(c, "Invitation");
    const identity = c.var.identity;
    const invite = await c.var.db.transaction(async (tx) => {
      const [row] = await tx
        .update(invites)
        .set({ revokedAt: new Date() })
        .where(and(eq(invites.id, id), eq(invites.organizationId, identity.organizationId), isNull(invites.acceptedAt)))
        .returning(inviteColumns);
      if (!row) throw notFound("Open invitation");
      await recordAudit(tx, identity.organizationId, identity, {
        action: "invite.revoked",
        resourceType: "invite",
        resourceId: id,
        before: { email: row.email, role: row.role },
      });
      return row;
    });
    return c.json({ invite });
  },
});
