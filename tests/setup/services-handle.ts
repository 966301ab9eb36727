// The test services one vitest process shares (tests/setup/test-services.ts starts them),
// kept on globalThis: a run may hold two workerd projects that each name the setup, and
// the stalled-run guard (a reporter, loaded apart from the setup) must be able to stop them.
type ServicesHandle = { users: number; started: Promise<() => Promise<void>> };

const shared = globalThis as typeof globalThis & { wibTestServices?: ServicesHandle };

/** The services of this process, started by `start` on first use; stopped when the last user lets go. */
export async function useTestServices(start: () => Promise<() => Promise<void>>): Promise<() => Promise<void>> {
  shared.wibTestServices ??= { users: 0, started: start() };
  const services = shared.wibTestServices;
  services.users++;
  const stop = await services.started;
  return async () => {
    if (--services.users > 0) return;
    shared.wibTestServices = undefined;
    await stop();
  };
}

/** Stops the services now, whoever still uses them (a run being ended); nothing when none were started. */
export async function stopTestServices(): Promise<void> {
  const services = shared.wibTestServices;
  shared.wibTestServices = undefined;
  await services?.started.then((stop) => stop()).catch(() => undefined);
}
