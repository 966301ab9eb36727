// Path parameters. An id that is not a UUID cannot name anything we store, so it is
// a 404 like any other unknown id (and never reaches Postgres as a cast error).
import { notFound } from "./errors";
import type { AppContext } from "./route-table";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function idParam(c: AppContext, what: string): string {
  const id = c.req.param("id") ?? "";
  if (!UUID.test(id)) throw notFound(what);
  return id.toLowerCase();
}
