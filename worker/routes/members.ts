// Members of the caller's organisation: list, change role, remove, revoke a softphone.
// Nobody grants or touches a role above their own, and an organisation always keeps one owner.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { canGrantRole } from "../../domain/roles";
import type { Transaction } from "../../db/client";
import { memberships, sessions, users } from "../../db/schema";
import type { Role } from "../../domain/roles";
import { ApiError, conflict, forbidden, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { changeMemberRole, listMemberSignIns, listMembers, removeMember, revokeMemberSoftphone } from "../http/contracts/organization";
import { revokeSoftphoneCredentials, softphoneConfigured } from "../softphone/telephony-credentials";
import { logEvent } from "../../domain/log";
import { latestSignIns } from "../auth/sign-in-history";
import { defineRoute, member } from "../http/route-table";
import { roleField } from "./validation";

defineRoute(listMembers, {
  summary: "Members of the organisation with their roles",
  access: member("agent"),
  handler: async (c) => {
    const rows = await c.var.db
      .select({
        id: memberships.id,
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        createdAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organizationId, c.var.identity.organizationId))
      .orderBy(asc(users.name));
    return c.json({ members: rows });
  },
});

defineRoute(changeMemberRole, {
  summary: "Change a member's role",
  access: member("admin"),
  resource: "member",
  body: z.strictObject({ role: roleField }),
  handler: async (c, { body }) => {
    const id = idParam(c, "Member");
    const identity = c.var.identity;
    const updated = await c.var.db.transaction(async (tx) => {
      const target = await lockMember(tx, identity.organizationId, id);
      if (!canGrantRole(identity.role, target.role) || !canGrantRole(identity.role, body.role)) {
        throw forbidden(`A ${identity.role} cannot change a ${target.role} into a ${body.role}`);
      }
      if (target.role === "owner" && body.role !== "owner") await ensureAnotherOwner(tx, identity.organizationId);
      await tx.update(memberships).set({ role: body.role }).where(eq(memberships.id, id));
      await recordAudit(tx, identity.organizationId, identity, {
        action: "membership.role_changed",
        resourceType: "membership",
        resourceId: id,
        before: { role: target.role },
        after: { role: body.role },
      });
      return { ...target, role: body.role };
    });
    return c.json({ member: updated });
  },
});

defineRoute(removeMember, {
  summary: "Remove a member from the organisation (ends their sessions here)",
  access: member("admin"),
  resource: "member",
  handler: async (c) => {
    const id = idParam(c, "Member");
    const identity = c.var.identity;
    const removed = await c.var.db.transaction(async (tx) => {
      const target = await lockMember(tx, identity.organizationId, id);
      if (!canGrantRole(identity.role, target.role)) throw forbidden(`A ${identity.role} cannot remove a ${target.role}`);
      if (target.role === "owner") await ensureAnotherOwner(tx, identity.organizationId);
      await tx.delete(memberships).where(eq(memberships.id, id));
      await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, target.userId), eq(sessions.organizationId, identity.organizationId)));
      await recordAudit(tx, identity.organizationId, identity, {
        action: "membership.removed",
        resourceType: "membership",
        resourceId: id,
        before: { userId: target.userId, email: target.email, role: target.role },
      });
      return target;
    });
    // Their softphone goes with them (a credential the carrier kept expires within its shift).
    if (softphoneConfigured(c.env)) {
      await revokeSoftphoneCredentials(c.env, removed.userId.toLowerCase()).catch((error: unknown) =>
        logEvent({ event: "softphone_revoke_failed", userId: removed.userId, error: error instanceof Error ? error.message : String(error) }),
      );
    }
    return c.body(null, 204);
  },
});

defineRoute(revokeMemberSoftphone, {
  summary: "Revoke a member's softphone: their telephony credentials are deleted at the carrier and their sessions here end (audited)",
  access: member("admin"),
  resource: "member",
  handler: async (c) => {
    const id = idParam(c, "Member");
    const identity = c.var.identity;
    if (!softphoneConfigured(c.env)) {
      throw new ApiError(503, "service_unavailable", "Softphones are not configured (TELNYX_API_KEY and TELNYX_CREDENTIAL_CONNECTION_ID): there is no credential to revoke");
    }
    const [target] = await c.var.db
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.id, id), eq(memberships.organizationId, identity.organizationId)));
    if (!target) throw notFound("Member");
    if (!canGrantRole(identity.role, target.role)) throw forbidden(`A ${identity.role} cannot revoke a ${target.role}'s softphone`);
    let credentialsRevoked: number;
    try {
      credentialsRevoked = await revokeSoftphoneCredentials(c.env, target.userId.toLowerCase());
    } catch (error) {
      logEvent({ event: "softphone_revoke_failed", userId: target.userId, error: error instanceof Error ? error.message : String(error) });
      throw new ApiError(503, "service_unavailable", "The carrier did not answer: the softphone was not revoked, try again shortly");
    }
    // Their sessions here end too: a console still signed in would otherwise mint a new
    // credential on its next retry, and a revoked softphone (a lost laptop) would be back.
    const sessionsEnded = await c.var.db.transaction(async (tx) => {
      const ended = await tx
        .delete(sessions)
        .where(and(eq(sessions.userId, target.userId), eq(sessions.organizationId, identity.organizationId)))
        .returning({ id: sessions.id });
      await recordAudit(tx, identity.organizationId, identity, {
        action: "softphone.credential_revoked",
        resourceType: "membership",
        resourceId: id,
        after: { userId: target.userId, credentialsRevoked, sessionsEnded: ended.length },
      });
      return ended.length;
    });
    return c.json({ userId: target.userId, credentialsRevoked, sessionsEnded }, 200);
  },
});

defineRoute(listMemberSignIns, {
  summary: "A member's latest sign-ins to this organisation (who logged in from where, and the wrong passwords)",
  access: member("admin"),
  resource: "member",
  handler: async (c) => {
    const id = idParam(c, "Member");
    const organizationId = c.var.identity.organizationId;
    const [target] = await c.var.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.id, id), eq(memberships.organizationId, organizationId)));
    if (!target) throw notFound("Member");
    return c.json({ signIns: await latestSignIns(c.var.db, { userId: target.userId, organizationId }) });
  },
});

async function lockMember(tx: Transaction, organizationId: string, id: string) {
  const [row] = await tx
    .select({ id: memberships.id, userId: memberships.userId, role: memberships.role, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.id, id), eq(memberships.organizationId, organizationId)))
    .for("update", { of: memberships });
  if (!row) throw notFound("Member");
  return row;
}

async function ensureAnotherOwner(tx: Transaction, organizationId: string): Promise<void> {
  // Lock every owner row so two admins cannot each demote a different last owner.
  const owners = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner" satisfies Role)))
    .for("update");
  if (owners.length <= 1) throw conflict("An organisation needs at least one owner: make someone else owner first");
}

