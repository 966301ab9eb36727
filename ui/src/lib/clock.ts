// A shared one-second clock for "time in status" displays. It ticks only while some effect or
// template reads it, so no interval lingers after the last board or presence panel unmounts.
import { createSubscriber } from "svelte/reactivity";

class Clock {
  #subscribe = createSubscriber((update) => {
    const id = setInterval(update, 1000);
    return () => clearInterval(id);
  });

  /** Epoch ms; reactive (re-read every second) when used inside a template or effect. */
  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

export const clock = new Clock();
