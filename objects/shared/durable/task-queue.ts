// Durable tasks: effects an actor wants done once (a carrier command, an RPC to another
// actor, a copy), kept in its SQLite `tasks` table until done or given up. A task is
// added once under a stable name; its command_id is fixed then and reused on every
// retry, so a receiver that deduplicates by it acts once however often we resend.
// Failures back off (backoff.ts) and give up after MAX_TASK_ATTEMPTS tries. Task
// bodies are parsed with the owner's zod schema on every read: rows outlive builds.
// The table is read once per actor start and then mirrored in memory, written through:
// every change goes to SQLite first and only then to the mirror, and nothing else writes
// the table, so the mirror is what SQLite holds. The call actor asks what is due, what
// is next and what was last done on every pass (each webhook's), and those reads were
// SQL statements of their own (bench:calls --profile-cpu: 3–4 % of the isolate).
import type { z } from "zod";
import { MAX_TASK_ATTEMPTS, retryDelayMs } from "./backoff";
import type { SqlDatabase } from "./sql";
import { parseJson, type Parsed } from "./stored-json";

/** The table an owner creates in one of its migrations (the call actor's first one has it). */
export const TASKS_TABLE_SQL = `CREATE TABLE tasks (name TEXT PRIMARY KEY, command_id TEXT NOT NULL, json TEXT NOT NULL, state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at_ms INTEGER NOT NULL, last_error TEXT, done_at_ms INTEGER);`;

export type TaskState = "pending" | "done" | "failed";

export interface NamedTask {
  name: string;
}

export interface StoredTask<Task extends NamedTask> {
  name: string;
  /** Fixed when the task was added; sent with every try. */
  commandId: string;
  task: Task;
  state: TaskState;
  /** Tries made so far. */
  attempts: number;
  nextAttemptAtMs: number;
  lastError: string | null;
  doneAtMs: number | null;
}

type TaskRow = {
  name: string;
  command_id: string;
  json: string;
  state: string;
  attempts: number;
  next_attempt_at_ms: number;
  last_error: string | null;
  done_at_ms: number | null;
};

const isTaskState = (state: string): state is TaskState => state === "pending" || state === "done" || state === "failed";

/** How many parsed task bodies a queue keeps (a call has dozens; a long-lived actor may have many more). */
const PARSED_TASKS_KEPT = 1_000;

export class TaskQueue<Task extends NamedTask> {
  /** A row's body never changes once added: its parse is kept, keyed by name and text. */
  readonly #parsed = new Map<string, { json: string; task: Parsed<Task> }>();
  /** The table's rows by name, in rowid order (rows are never deleted); null until first read. */
  #mirror: Map<string, TaskRow> | null = null;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly taskSchema: z.ZodType<Task>,
    private readonly newCommandId: () => string = () => crypto.randomUUID(),
  ) {}

  /** Adds the task unless one of that name exists (in any state); true when it was new. */
  addOnce(task: Task, nowMs: number): boolean {
    // The call actor asks for every task it wants on every round of every pass: a name the
    // table holds (tasks are never deleted) needs no INSERT, and the mirror says so.
    const rows = this.#rows();
    if (rows.has(task.name)) return false;
    const row: TaskRow = { name: task.name, command_id: this.newCommandId(), json: JSON.stringify(task), state: "pending", attempts: 0, next_attempt_at_ms: nowMs, last_error: null, done_at_ms: null };
    const cursor = this.sql.exec(
      "INSERT INTO tasks (name, command_id, json, state, next_attempt_at_ms) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (name) DO NOTHING",
      row.name,
      row.command_id,
      row.json,
      row.next_attempt_at_ms,
    );
    const added = cursor.rowsWritten > 0;
    if (added) rows.set(row.name, row);
    return added;
  }

  /**
   * A task's state by name (null: never added), without parsing its body. Features ask the
   * state of each task they might want on every round of every pass (a translation per
   * line: O(lines) asks per round), so this is a mirror lookup, never a SELECT.
   */
  state(name: string): TaskState | null {
    const state = this.#rows().get(name)?.state;
    return state !== undefined && isTaskState(state) ? state : null;
  }

  get(name: string): StoredTask<Task> | null {
    const row = this.#rows().get(name);
    if (!row) return null;
    const stored = this.#read(row);
    return stored.success ? stored.data : null;
  }

  /** Pending tasks whose time has come, oldest first. A row no build can read is failed, not retried forever. */
  due(nowMs: number): StoredTask<Task>[] {
    // A stable sort of rows in rowid order: by time, then by rowid, as the table would.
    const rows = [...this.#rows().values()].filter((row) => row.state === "pending" && row.next_attempt_at_ms <= nowMs).sort((a, b) => a.next_attempt_at_ms - b.next_attempt_at_ms);
    return rows.flatMap((row) => {
      const stored = this.#read(row);
      if (stored.success) return [stored.data];
      // Written by a build that knew a task this one does not: record why, never retry it.
      this.finish(row.name, "failed", nowMs, `unreadable task: ${stored.error}`);
      return [];
    });
  }

  /** When the next pending task is due, or null when none is pending. */
  nextAttemptAtMs(): number | null {
    let at: number | null = null;
    for (const row of this.#rows().values()) if (row.state === "pending" && (at === null || row.next_attempt_at_ms < at)) at = row.next_attempt_at_ms;
    return at;
  }

  /** When a task whose name starts with `prefix` last finished done (e.g. the last hang-up the carrier took). */
  lastDoneAtMs(prefix: string): number | null {
    let at: number | null = null;
    for (const row of this.#rows().values()) {
      if (row.state === "done" && row.done_at_ms !== null && row.name.startsWith(prefix) && (at === null || row.done_at_ms > at)) at = row.done_at_ms;
    }
    return at;
  }

  finish(name: string, state: "done" | "failed", nowMs: number, note: string | null = null): void {
    this.sql.exec("UPDATE tasks SET state = ?, done_at_ms = ?, last_error = ?, attempts = attempts + 1 WHERE name = ?", state, nowMs, note, name);
    this.#change(name, (row) => ({ ...row, state, done_at_ms: nowMs, last_error: note, attempts: row.attempts + 1 }));
  }

  /** Counts a try and tries again at `atMs` (the owner's own schedule, e.g. polling a pool). */
  retryAt(name: string, atMs: number, error: string): void {
    this.sql.exec("UPDATE tasks SET attempts = attempts + 1, next_attempt_at_ms = ?, last_error = ? WHERE name = ?", atMs, error, name);
    this.#change(name, (row) => ({ ...row, attempts: row.attempts + 1, next_attempt_at_ms: atMs, last_error: error }));
  }

  /**
   * Not due again before `untilMs`, with no try counted: a run under way beside the pass
   * (off-pass-runs.ts) holds its task so the pass does not start it again; if the actor is
   * evicted mid-run, the task is simply due once the lease is over.
   */
  lease(name: string, untilMs: number): void {
    this.sql.exec("UPDATE tasks SET next_attempt_at_ms = ? WHERE name = ? AND state = 'pending'", untilMs, name);
    this.#change(name, (row) => (row.state === "pending" ? { ...row, next_attempt_at_ms: untilMs } : row));
  }

  /**
   * Due at once, with no try counted, when it was waiting for a later time: the owner learnt
   * that its own schedule would only delay it (a pool that chose an agent for a polling caller).
   */
  dueNow(name: string, nowMs: number): void {
    this.sql.exec("UPDATE tasks SET next_attempt_at_ms = ? WHERE name = ? AND state = 'pending' AND next_attempt_at_ms > ?", nowMs, name, nowMs);
    this.#change(name, (row) => (row.state === "pending" && row.next_attempt_at_ms > nowMs ? { ...row, next_attempt_at_ms: nowMs } : row));
  }

  /** A try failed: back off and try again, or give up once it has had all its tries. */
  retryOrFail(stored: StoredTask<Task>, error: string, nowMs: number): "retrying" | "failed" {
    if (isLastAttempt(stored)) {
      this.finish(stored.name, "failed", nowMs, error);
      return "failed";
    }
    this.retryAt(stored.name, nextAttemptAtMs(stored, nowMs), error);
    return "retrying";
  }

  /** The table as SQLite holds it: read once, then kept in step by every change made here. */
  #rows(): Map<string, TaskRow> {
    this.#mirror ??= new Map(
      this.sql
        .exec<TaskRow>("SELECT * FROM tasks ORDER BY rowid")
        .toArray()
        .map((row) => [row.name, { ...row }]),
    );
    return this.#mirror;
  }

  /** A change SQLite has just made, made to the mirror too (if it is loaded yet). */
  #change(name: string, change: (row: TaskRow) => TaskRow): void {
    const row = this.#mirror?.get(name);
    if (row) this.#mirror!.set(name, change(row));
  }

  #read(row: TaskRow): Parsed<StoredTask<Task>> {
    const task = this.#parse(row);
    if (!task.success) return task;
    if (!isTaskState(row.state)) return { success: false, error: `unknown state ${row.state}` };
    const stored: StoredTask<Task> = {
      name: row.name,
      commandId: row.command_id,
      task: task.data,
      state: row.state,
      attempts: row.attempts,
      nextAttemptAtMs: row.next_attempt_at_ms,
      lastError: row.last_error,
      doneAtMs: row.done_at_ms,
    };
    return { success: true, data: stored };
  }

  #parse(row: TaskRow): Parsed<Task> {
    const kept = this.#parsed.get(row.name);
    if (kept?.json === row.json) return kept.task;
    const task = parseJson(row.json, this.taskSchema);
    if (this.#parsed.size >= PARSED_TASKS_KEPT) this.#parsed.clear();
    this.#parsed.set(row.name, { json: row.json, task });
    return task;
  }
}

/** True when this try is the task's last: a failure now gives up. */
export const isLastAttempt = (stored: Pick<StoredTask<NamedTask>, "attempts">): boolean => stored.attempts + 1 >= MAX_TASK_ATTEMPTS;

/** When a task that just failed (after `stored.attempts` earlier tries) is tried again. */
export const nextAttemptAtMs = (stored: Pick<StoredTask<NamedTask>, "attempts">, nowMs: number): number => nowMs + retryDelayMs(stored.attempts);
