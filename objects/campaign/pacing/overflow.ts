// The abandon arithmetic: how many live answers will find no agent. Counts of
// independent yes/no events with different probabilities (Poisson-binomial), computed
// exactly, because the regime that matters is small: with two agents free and three
// calls ringing, at most three people can answer, and a Poisson or normal
// approximation would invent a fourth (and forbid the progressive dial for a lone agent).

/** Counts above this are lumped into the last cell (a safety bound, far above any team). */
export const MAX_COUNT = 100_000;
/** Probability mass below this at the top of a distribution is dropped, keeping it short. */
const NEGLIGIBLE = 1e-12;

/** A distribution over 0..MAX_COUNT; p has exactly top + 1 cells. */
export class CountDistribution {
  readonly p: number[];
  top: number;

  constructor(certain: number) {
    this.top = Math.min(MAX_COUNT, Math.max(0, Math.floor(certain)));
    this.p = new Array<number>(this.top + 1).fill(0);
    this.p[this.top] = 1;
  }

  /** One more event of probability `chance`, independent of the others (in place). */
  add(chance: number): this {
    if (!(chance > 0)) return this;
    const p = this.p;
    const yes = Math.min(1, chance);
    const no = 1 - yes;
    if (this.top === MAX_COUNT) {
      p[MAX_COUNT] = p[MAX_COUNT]! + p[MAX_COUNT - 1]! * yes;
      this.top--;
    } else {
      p.push(p[this.top]! * yes);
    }
    for (let k = this.top; k > 0; k--) p[k] = p[k]! * no + p[k - 1]! * yes;
    p[0] = p[0]! * no;
    this.top = Math.min(MAX_COUNT, this.top + 1);
    while (this.top > 0 && p[this.top]! < NEGLIGIBLE) {
      p.pop();
      this.top--;
    }
    return this;
  }

  mean(): number {
    let sum = 0;
    for (let k = 1; k <= this.top; k++) sum += k * this.p[k]!;
    return sum;
  }
}

export function countOf(certain: number, chances: Iterable<number>): CountDistribution {
  const d = new CountDistribution(certain);
  for (const chance of chances) d.add(chance);
  return d;
}

/**
 * E[(claims − agents)+] with the two independent: the callers expected to be left
 * without an agent. (The shortfall grows by P(agents ≤ c) from c to c + 1 claims.)
 */
export function expectedShortfall(claims: CountDistribution, agents: CountDistribution): number {
  let sum = 0;
  let shortfall = 0;
  let agentsAtMost = 0;
  for (let c = 0; c < claims.top; c++) {
    agentsAtMost += c <= agents.top ? agents.p[c]! : 0;
    shortfall += agentsAtMost;
    sum += claims.p[c + 1]! * shortfall;
  }
  return sum;
}

/**
 * P(agents ≤ claims): the chance that one more caller finds every free agent already
 * taken. Adding a claim of probability r raises the expected shortfall by exactly
 * r × this, which is how the pacer prices a dial.
 */
export function chanceNoAgentLeft(claims: CountDistribution, agents: CountDistribution): number {
  let sum = 0;
  let agentsAtMost = 0;
  for (let c = 0; c <= claims.top; c++) {
    agentsAtMost += c <= agents.top ? agents.p[c]! : 0;
    sum += claims.p[c]! * agentsAtMost;
  }
  return sum;
}
