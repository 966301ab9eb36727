// Teams: a named group of agents with one or more supervisors. An agent is a member of at
// most one team, so "the agent's team" is one name the KPIs and reports can group calls by;
// a supervisor may lead several teams.
export const TEAM_ROLES = ["supervisor", "member"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** How many people one team may hold: a floor of a call centre, not the whole company. */
export const MAX_TEAM_SIZE = 500;
