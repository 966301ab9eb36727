// Lognormal durations given the way a call centre talks about them: a median and a
// 90th percentile. PACING.md fixes the parameterisation (σ = ln(p90/median) / 1.2816),
// and both the simulator (sampling) and the pacer (forecasting) read it from here.

/** z such that Φ(z) = 0.9. */
export const Z_P90 = 1.2816;

export interface MedianP90 {
  median: number;
  p90: number;
}

export interface LognormalParams {
  /** ln(median). */
  mu: number;
  sigma: number;
}

export function lognormalFromMedianP90({ median, p90 }: MedianP90): LognormalParams {
  return { mu: Math.log(median), sigma: Math.log(p90 / median) / Z_P90 };
}

export function lognormalMean({ mu, sigma }: LognormalParams): number {
  return Math.exp(mu + (sigma * sigma) / 2);
}

/** P(X ≤ x). A zero σ is a fixed duration. */
export function lognormalCdf({ mu, sigma }: LognormalParams, x: number): number {
  if (x <= 0) return 0;
  if (sigma === 0) return Math.log(x) >= mu ? 1 : 0;
  return normalCdf((Math.log(x) - mu) / sigma);
}

export function lognormalQuantile({ mu, sigma }: LognormalParams, p: number): number {
  return Math.exp(mu + sigma * normalQuantile(p));
}

/** Φ(z), via erfc (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  const y =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? y : 2 - y;
}

/** Φ⁻¹(p) (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
