// Teams: a name, its supervisors and its members (domain/teams.ts). Everyone in the
// organisation may read them (the KPIs and reports group by them); admins change them.
import { z } from "zod";
import { TEAM_ROLES } from "../../../domain/teams";
import { NO_BODY, id, instant, routeContract } from "./contract";

export const teamPerson = z.strictObject({ userId: id, name: z.string(), role: z.enum(TEAM_ROLES) });

export const team = z.strictObject({
  id,
  name: z.string(),
  supervisors: z.array(teamPerson),
  members: z.array(teamPerson),
  createdAt: instant,
});
export type Team = z.infer<typeof team>;

const oneTeam = z.strictObject({ team });

export const listTeams = routeContract({ method: "GET", path: "/api/teams", response: { 200: z.strictObject({ teams: z.array(team) }) }, errors: [] });
/** conflict: the name is taken, or a member already belongs to another team. */
export const createTeam = routeContract({ method: "POST", path: "/api/teams", response: { 201: oneTeam }, errors: ["conflict"] });
export const getTeam = routeContract({ method: "GET", path: "/api/teams/:id", response: { 200: oneTeam }, errors: [] });
export const updateTeam = routeContract({ method: "PATCH", path: "/api/teams/:id", response: { 200: oneTeam }, errors: ["conflict"] });
export const deleteTeam = routeContract({ method: "DELETE", path: "/api/teams/:id", response: { 204: NO_BODY }, errors: [] });

export const teamRoutes = [listTeams, createTeam, getTeam, updateTeam, deleteTeam] as const;
