// Tasks whose run waits on something slow and optional (a model answering in seconds)
// run beside the actor's pass instead of inside it. A pass awaits each task it runs, and
// the next pass waits for it (one-pass-at-a-time.ts), so a translation the model is slow
// to answer would hold every command the call wants after it: the customer's hang-up
// waited up to 10 s behind a line being translated. Here the pass only *starts* such a
// task and goes on; its outcome is settled into the actor's state when it arrives, in
// one synchronous step (no await between reading the task and settling it), like a
// webhook's event.
//
// Still durable: the task stays `pending` in the queue while it runs, leased (not due)
// for `leaseMs`. Within the actor's life the run is known here, so it is never started
// twice even if the lease runs out first (the lease is renewed instead). After an
// eviction memory is gone and the lease is all that is left: the task falls due when it
// ends and runs again, so an answer lost with the actor is asked for once more. Whatever
// the run produced is applied only if the task is still pending under the same command
// id, so an outcome is applied once; a task's own rows and events are keyed by it, so a
// second ask after an eviction stores nothing twice.
import type { NamedTask, StoredTask, TaskQueue } from "./task-queue";

export class OffPassRuns<Task extends NamedTask> {
  readonly #running = new Set<string>();

  constructor(private readonly queue: TaskQueue<Task>) {}

  /** Whether a run of this task is under way in this actor's life. */
  isRunning(name: string): boolean {
    return this.#running.has(name);
  }

  get runningCount(): number {
    return this.#running.size;
  }

  /**
   * Starts the due task's run beside the pass and returns the run's promise (the caller
   * keeps the runtime alive for it); null when it is running already (its lease renewed).
   * `settle` is called once the run ends, with the task as stored then, only if it is
   * still pending under the same command id; it must not await. A run that rejects
   * settles nothing (the promise rejects): its lease ends and the task runs again.
   */
  start<Outcome>(
    stored: StoredTask<Task>,
    lease: { nowMs: number; leaseMs: number },
    run: () => Promise<Outcome>,
    settle: (current: StoredTask<Task>, outcome: Outcome) => void,
  ): Promise<void> | null {
    this.queue.lease(stored.name, lease.nowMs + lease.leaseMs);
    if (this.#running.has(stored.name)) return null;
    this.#running.add(stored.name);
    return run()
      .then((outcome) => {
        const current = this.queue.get(stored.name);
        if (current?.state === "pending" && current.commandId === stored.commandId) settle(current, outcome);
      })
      .finally(() => this.#running.delete(stored.name));
  }
}
