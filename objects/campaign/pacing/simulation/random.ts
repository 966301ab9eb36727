// Deterministic randomness for the simulator. Every lead draws its whole fate (outcome,
// answer time, AMD, talk, wrap) from its own stream, keyed by (seed, lead number): the
// three policies meet the same people in the same order, so their differences are the
// policies', not the dice's (common random numbers).

/** splitmix32: a good 32-bit mixer, used to seed the generator from small integers. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's small fast counter): uniform in [0, 1). */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x5bd1e995);
    this.b = mix32(this.a ^ stream);
    this.c = mix32(this.b + seed);
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** A uniform strictly inside (0, 1), safe to take the log of. */
  open(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return u;
  }

  /** Standard normal (Box–Muller, one value per call so the draw count is fixed). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.open())) * Math.cos(2 * Math.PI * this.next());
  }
}
