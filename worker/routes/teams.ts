// Teams: admins name a team, its supervisors and its members; everyone in the organisation
// reads them (the KPIs group calls by their agent's team, reports filter by it). An agent
// is a member of one team at most (a second is a 409 naming the team they are in).
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../../db/audit/record";
import type { Queryable, Transaction } from "../../db/client";
import { sqlStateOf } from "../../db/postgres-errors";
import { memberships, teamMembers, teams, users } from "../../db/schema";
import { hasRole } from "../../domain/roles";
import { MAX_TEAM_SIZE, type TeamRole } from "../../domain/teams";
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam, type Team } from "../http/contracts/teams";
import { ApiError, conflict, notFound } from "../http/errors";
import { idParam } from "../http/params";
import { defineRoute, member } from "../http/route-table";

const userIds = (max: number) =>
  z
    .array(z.uuid("a user id"))
    .max(max, `at most ${max}`)
    .refine((ids) => new Set(ids).size === ids.length, "lists someone twice");

const teamFields = z.strictObject({
  name: z.string().trim().min(1, "required").max(120, "at most 120 characters"),
  supervisorUserIds: userIds(20),
  memberUserIds: userIds(MAX_TEAM_SIZE),
});
const bothLists = (b: { supervisorUserIds?: string[]; memberUserIds?: string[] }) =>
  !b.supervisorUserIds || !b.memberUserIds || !b.supervisorUserIds.some((id) => b.memberUserIds!.includes(id));
const BOTH_LISTS = { message: "someone is both a supervisor and a member of the team", path: ["memberUserIds"] };

async function loadTeams(db: Queryable, organizationId: string, teamId?: string): Promise<Team[]> {
  const rows = await db
    .select({ id: teams.id, name: teams.name, createdAt: teams.createdAt })
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), teamId ? eq(teams.id, teamId) : undefined))
    .orderBy(asc(teams.name), asc(teams.id));
  if (rows.length === 0) return [];
  const people = await db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, role: teamMembers.role, name: users.name })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.organizationId, organizationId), inArray(teamMembers.teamId, rows.map((r) => r.id))))
    .orderBy(asc(users.name), asc(users.id));
  return rows.map((row) => {
    const mine = people.filter((p) => p.teamId === row.id).map((p) => ({ userId: p.userId, name: p.name, role: p.role }));
    return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), supervisors: mine.filter((p) => p.role === "supervisor"), members: mine.filter((p) => p.role === "member") };
  });
}

async function findTeam(db: Queryable, organizationId: string, id: string): Promise<Team> {
  const [found] = await loadTeams(db, organizationId, id);
  if (!found) throw notFound("Team");
  return found;
}

/** Everyone named must belong to the organisation; supervisors must be supervisors or above. */
async function checkPeople(db: Queryable, organizationId: string, supervisorUserIds: string[], memberUserIds: string[]): Promise<void> {
  const named = [...supervisorUserIds, ...memberUserIds];
  if (named.length === 0) return;
  const found = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, named)));
  const roleOf = new Map(found.map((m) => [m.userId, m.role]));
  const problems = [
    ...supervisorUserIds.flatMap((id, i) => {
      const role = roleOf.get(id);
      if (!role) return [{ path: `supervisorUserIds.${i}`, message: "not a member of this organisation" }];
      return hasRole(role, "supervisor") ? [] : [{ path: `supervisorUserIds.${i}`, message: `role ${role} cannot supervise a team (supervisor or above)` }];
    }),
    ...memberUserIds.flatMap((id, i) => (roleOf.has(id) ? [] : [{ path: `memberUserIds.${i}`, message: "not a member of this organisation" }])),
  ];
  if (problems.length > 0) throw new ApiError(400, "validation_failed", `Invalid body: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, problems);
}

/** A member already in another team: a 409 that names them and the team. */
async function checkOneTeamEach(db: Queryable, organizationId: string, memberUserIds: string[], exceptTeamId: string | null): Promise<void> {
  if (memberUserIds.length === 0) return;
  const [taken] = await db
    .select({ person: users.name, team: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(
      and(
        eq(teamMembers.organizationId, organizationId),
        eq(teamMembers.role, "member"),
        inArray(teamMembers.userId, memberUserIds),
        exceptTeamId ? ne(teamMembers.teamId, exceptTeamId) : undefined,
      ),
    )
    .limit(1);
  if (taken) throw conflict(`${taken.person} is already a member of the team "${taken.team}"; take them out of it first`);
}

const UNIQUE_VIOLATION = "23505";
/** The name index or the one-team index refused a write that raced past the checks. */
function refusedByIndex(error: unknown, name: string): never {
  if (sqlStateOf(error) === UNIQUE_VIOLATION) throw conflict(`A team named "${name}" exists, or someone named is already in another team`);
  throw error;
}

async function writePeople(tx: Transaction, organizationId: string, teamId: string, supervisors: string[], members: string[]): Promise<void> {
  await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.organizationId, organizationId)));
  const rows = [
    ...supervisors.map((userId) => ({ teamId, organizationId, userId, role: "supervisor" as TeamRole })),
    ...members.map((userId) => ({ teamId, organizationId, userId, role: "member" as TeamRole })),
  ];
  if (rows.length > 0) await tx.insert(teamMembers).values(rows);
}

async function nameTaken(db: Queryable, organizationId: string, name: string, exceptTeamId: string | null): Promise<void> {
  const [same] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), eq(sql`lower(${teams.name})`, name.toLowerCase()), exceptTeamId ? ne(teams.id, exceptTeamId) : undefined));
  if (same) throw conflict(`A team named "${name}" exists already`);
}

defineRoute(listTeams, {
  summary: "The organisation's teams with their supervisors and members, by name",
  access: member("viewer"),
  handler: async (c) => c.json({ teams: await loadTeams(c.var.db, c.var.identity.organizationId) }),
});

defineRoute(getTeam, {
  summary: "One team with its supervisors and members",
  access: member("viewer"),
  resource: "team",
  handler: async (c) => c.json({ team: await findTeam(c.var.db, c.var.identity.organizationId, idParam(c, "Team")) }),
});

defineRoute(createTeam, {
  summary: "Create a team: a name, its supervisors (supervisor or above) and its members (each in one team at most)",
  access: member("admin"),
  body: teamFields.refine(bothLists, BOTH_LISTS),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const organizationId = identity.organizationId;
    await checkPeople(c.var.db, organizationId, body.supervisorUserIds, body.memberUserIds);
    const teamId = await c.var.db
      .transaction(async (tx) => {
        await nameTaken(tx, organizationId, body.name, null);
        await checkOneTeamEach(tx, organizationId, body.memberUserIds, null);
        const [created] = await tx.insert(teams).values({ organizationId, name: body.name }).returning({ id: teams.id });
        await writePeople(tx, organizationId, created!.id, body.supervisorUserIds, body.memberUserIds);
        await recordAudit(tx, organizationId, identity, { action: "team.created", resourceType: "team", resourceId: created!.id, after: body });
        return created!.id;
      })
      .catch((error: unknown) => refusedByIndex(error, body.name));
    return c.json({ team: await findTeam(c.var.db, organizationId, teamId) }, 201);
  },
});

defineRoute(updateTeam, {
  summary: "Rename a team or replace its supervisors or members",
  access: member("admin"),
  resource: "team",
  body: teamFields
    .partial()
    .refine((b) => Object.keys(b).length > 0, "send name, supervisorUserIds or memberUserIds")
    .refine(bothLists, BOTH_LISTS),
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const organizationId = identity.organizationId;
    const id = idParam(c, "Team");
    const before = await findTeam(c.var.db, organizationId, id);
    const supervisors = body.supervisorUserIds ?? before.supervisors.map((p) => p.userId);
    const members = body.memberUserIds ?? before.members.map((p) => p.userId);
    if (supervisors.some((s) => members.includes(s))) {
      throw new ApiError(400, "validation_failed", "Invalid body: memberUserIds: someone is both a supervisor and a member of the team", [{ path: "memberUserIds", message: "someone is both a supervisor and a member of the team" }]);
    }
    await checkPeople(c.var.db, organizationId, body.supervisorUserIds ?? [], body.memberUserIds ?? []);
    const name = body.name ?? before.name;
    await c.var.db
      .transaction(async (tx) => {
        if (body.name !== undefined) {
          await nameTaken(tx, organizationId, body.name, id);
          await tx.update(teams).set({ name: body.name }).where(and(eq(teams.id, id), eq(teams.organizationId, organizationId)));
        }
        await checkOneTeamEach(tx, organizationId, members, id);
        if (body.supervisorUserIds || body.memberUserIds) await writePeople(tx, organizationId, id, supervisors, members);
        await recordAudit(tx, organizationId, identity, { action: "team.updated", resourceType: "team", resourceId: id, before, after: body });
      })
      .catch((error: unknown) => refusedByIndex(error, name));
    return c.json({ team: await findTeam(c.var.db, organizationId, id) });
  },
});

defineRoute(deleteTeam, {
  summary: "Delete a team (its people stay in the organisation, in no team)",
  access: member("admin"),
  resource: "team",
  handler: async (c) => {
    const identity = c.var.identity;
    const id = idParam(c, "Team");
    const before = await findTeam(c.var.db, identity.organizationId, id);
    await c.var.db.transaction(async (tx) => {
      await tx.delete(teams).where(and(eq(teams.id, id), eq(teams.organizationId, identity.organizationId)));
      await recordAudit(tx, identity.organizationId, identity, { action: "team.deleted", resourceType: "team", resourceId: id, before });
    });
    return c.body(null, 204);
  },
});
