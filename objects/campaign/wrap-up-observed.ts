// The wrap-ups the pacer learns from: each one an agent of the campaign ended, as the pool
// reports it between two ticks (its start and its end are the pool's own clock, so the
// length is exact whatever the tick's rhythm). The campaign's configured wrap-up time is
// not what agents take: a required disposition holds them past it, a save ends it early,
// an extension lengthens it, and a rehearsal's campaign sets 0 while its agents wrap up for
// the lead's time. Learning the setting, the pacer saw every wrap-up as instant, and each
// agent still in one as following the prior's long tail: it dialled as if they would stay
// busy (issue 18: wrap-up median 2 s learned against 36 s lived, workload seconds).
import type { PoolMember } from "../agent-pool/protocol";

/**
 * Seconds of each wrap-up that ended between `previous` and `current` (the pool's members
 * at the last tick and now). Counted only where the agent went straight to available or a
 * break (their new status began when the wrap-up ended); one who was also reserved since
 * is left out: when they became free is not known, and leaving them out does not depend on
 * how long they wrapped up.
 */
export function wrapUpsEnded(previous: readonly PoolMember[], current: readonly PoolMember[]): number[] {
  const before = new Map(previous.map((m) => [m.userId, m]));
  const ended: number[] = [];
  for (const member of current) {
    const was = before.get(member.userId);
    if (!was || was.status !== "wrap_up") continue;
    if (member.status !== "available" && member.status !== "break") continue;
    const seconds = (member.statusSince - was.statusSince) / 1000;
    if (seconds >= 0) ended.push(seconds);
  }
  return ended;
}
