// The engine's own log lines during a test: every line the Worker and its actors write
// (domain/log.ts logs through console.log) while the capture is on. The tests, the Worker
// and its actors share one isolate in workerd (runInDurableObject depends on it), so one
// console serves them all; each line is kept and still printed (workerd's stdout).
// vitest's own console capture is off for workers tests (vitest.workers.config.ts), so the
// lines are read here instead.
const METHODS = ["log", "info", "warn", "error", "debug"] as const;

export interface EngineLog {
  /** Each line as printed. */
  readonly lines: string[];
  stop(): void;
}

export function captureEngineLog(): EngineLog {
  const lines: string[] = [];
  const originals = METHODS.map((method) => [method, console[method]] as const);
  for (const [method, original] of originals) {
    console[method] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === "string" ? arg : safeJson(arg))).join(" "));
      original.apply(console, args);
    };
  }
  return {
    lines,
    stop: () => {
      for (const [method, original] of originals) console[method] = original;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}\n${value.stack ?? ""}` : JSON.stringify(value);
  } catch {
    return String(value);
  }
}
