// Builds organisations with one member of every role, through the public API only
// (sign-up, invitations, acceptance), so tests start from what a customer would have.
import type { Role } from "../../../domain/roles";
import { call, freshAddress, sessionCookieFrom, type Caller } from "./client";

export const PASSWORD = "correct horse battery";

export type Member = Caller & { userId: string; email: string };

export interface TestOrg {
  organizationId: string;
  owner: Member;
  members: Record<Role, Member & { membershipId: string }>;
}

let counter = 0;
export const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function signUp(label = "Org"): Promise<Member & { organizationId: string }> {
  const email = `owner-${unique()}@example.test`;
  const address = freshAddress();
  const response = await call({ address }, "POST", "/api/auth/signup", {
    organizationName: `${label} ${unique()}`,
    name: "Owner Person",
    email,
    password: PASSWORD,
  });
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`);
  return {
    cookie: sessionCookieFrom(response.headers),
    address,
    email,
    userId: response.body.user.id,
    organizationId: response.body.organization.id,
  };
}

export async function inviteAndJoin(inviter: Caller, role: Role): Promise<Member> {
  const email = `${role}-${unique()}@example.test`;
  const invite = await call(inviter, "POST", "/api/invites", { email, role });
  if (invite.status !== 201) throw new Error(`invite failed: ${invite.status} ${JSON.stringify(invite.body)}`);
  const address = freshAddress();
  const joined = await call({ address }, "POST", "/api/auth/accept-invite", {
    token: invite.body.token,
    name: `${role} person`,
    password: PASSWORD,
  });
  if (joined.status !== 201) throw new Error(`accept failed: ${joined.status} ${JSON.stringify(joined.body)}`);
  return { cookie: sessionCookieFrom(joined.headers), address, email, userId: joined.body.user.id as string };
}

export async function createOrgWithEveryRole(label = "Org"): Promise<TestOrg> {
  const owner = await signUp(label);
  const joined: Partial<Record<Role, Member>> = { owner };
  for (const role of ["admin", "supervisor", "agent", "viewer"] as const) joined[role] = await inviteAndJoin(owner, role);
  const list = await call<{ members: { id: string; userId: string }[] }>(owner, "GET", "/api/members");
  const withMembership = (member: Member) => ({
    ...member,
    membershipId: list.body.members.find((m) => m.userId === member.userId)!.id,
  });
  return {
    organizationId: owner.organizationId,
    owner,
    members: {
      owner: withMembership(owner),
      admin: withMembership(joined.admin!),
      supervisor: withMembership(joined.supervisor!),
      agent: withMembership(joined.agent!),
      viewer: withMembership(joined.viewer!),
    },
  };
}

/** A new session for an existing member (for routes that end the caller's session). */
export async function logIn(member: Member): Promise<Member> {
  const response = await call(member, "POST", "/api/auth/login", { email: member.email, password: PASSWORD });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { ...member, cookie: sessionCookieFrom(response.headers) };
}
