// Members of the caller's organisation: list, change role, remove. Nobody grants or
// touches a role above their own, and an organisation always keeps one owner.
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import { canGrantRole } from "../../domain/roles";
import type { Transaction } from "../../db/client";
import { memberships, sessions, users } from "../../db/schema";
import type { Role } from "../../domain/roles";
import { conflict, forbidden, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { changeMemberRole, listMemberSignIns, listMembers, removeMember } from "../http/contracts/organization";
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
    await c.var.db.transaction(async (tx) => {
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
    });
    return c.body(null, 204);
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

