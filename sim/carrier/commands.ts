// Every command the simulator receives (dials, call actions, messages), logged in
// arrival order for GET /control/commands; Telnyx's duplicate rule (a command_id seen
// on the same call within COMMAND_DEDUPE_WINDOW_MS is acknowledged, not performed);
// and the command chaos draw (fail with a 500, or perform and answer late).
import type { ChaosSettings } from "./context.ts";
import type { Prng } from "./prng.ts";
import type { ActionName } from "./validation.ts";

/** Telnyx documents that it ignores a repeated command_id within 60 s. */
export const COMMAND_DEDUPE_WINDOW_MS = 60_000;
const MAX_LOG_ENTRIES = 20_000;

export type CommandKind = "dial" | "message" | ActionName;
export type CommandOutcome = "performed" | "duplicate" | "rejected" | "chaos_failure";
export type CommandChaos = "failure" | "timeout";

export interface CommandLogEntry {
  seq: number;
  /** Simulator milliseconds since start (or reset). */
  atMs: number;
  kind: CommandKind;
  callControlId: string | null;
  commandId: string | null;
  duplicate: boolean;
  outcome: CommandOutcome;
  /** The HTTP status answered (a chaos timeout answers 200, late). */
  status: number;
  chaos: CommandChaos | null;
  detail: string | null;
}

export class CommandLog {
  private readonly entries: CommandLogEntry[] = [];
  private seq = 0;

  record(entry: Omit<CommandLogEntry, "seq">): CommandLogEntry {
    const logged = { seq: ++this.seq, ...entry };
    this.entries.push(logged);
    if (this.entries.length > MAX_LOG_ENTRIES) this.entries.shift();
    return logged;
  }

  list(): CommandLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  reset(): void {
    this.entries.length = 0;
    this.seq = 0;
  }
}

/** Was this command_id already performed (within the window)? */
export function isDuplicate(performed: ReadonlyMap<string, number>, commandId: string | undefined, nowMs: number): boolean {
  if (!commandId) return false;
  const at = performed.get(commandId);
  return at !== undefined && nowMs - at < COMMAND_DEDUPE_WINDOW_MS;
}

/** Drawn once per command that would be performed (never for acknowledged duplicates). */
export function drawCommandChaos(prng: Prng, chaos: ChaosSettings): CommandChaos | null {
  if (prng.chance(chaos.commandFailureRate)) return "failure";
  if (prng.chance(chaos.commandTimeoutRate)) return "timeout";
  return null;
}

/** Dials have no call yet, so their command_ids are remembered per connection. */
export class DialMemory<T> {
  private readonly byKey = new Map<string, { value: T; atMs: number }>();

  recall(connectionId: string, commandId: string | undefined, nowMs: number): T | undefined {
    if (!commandId) return undefined;
    const seen = this.byKey.get(`${connectionId}\u0000${commandId}`);
    return seen && nowMs - seen.atMs < COMMAND_DEDUPE_WINDOW_MS ? seen.value : undefined;
  }

  remember(connectionId: string, commandId: string | undefined, value: T, nowMs: number): void {
    if (commandId) this.byKey.set(`${connectionId}\u0000${commandId}`, { value, atMs: nowMs });
  }

  clear(): void {
    this.byKey.clear();
  }
}
