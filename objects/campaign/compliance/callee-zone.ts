// Whose clock the calling window, the consumer's inconvenient times and Regulation F's days
// are read on: the account's time zone when it has a valid one, else the majority zone of
// the number's area code, else nobody's — and then the dial is refused rather than guessed.
import { timeZoneForPhone } from "./area-codes";
import { isKnownTimeZone } from "./local-time";
import type { DialRequest } from "./types";

export type CalleeZone =
  | { readonly known: true; readonly zone: string; readonly source: "account" | "area_code" }
  | { readonly known: false; readonly detail: string };

export function resolveCalleeZone(request: Pick<DialRequest, "accountTimeZone" | "phone">): CalleeZone {
  const accountZone = request.accountTimeZone;
  if (accountZone !== undefined && accountZone !== null && accountZone !== "") {
    if (isKnownTimeZone(accountZone)) return { known: true, zone: accountZone, source: "account" };
    return { known: false, detail: `account time zone "${accountZone}" is not an IANA zone` };
  }
  const areaCodeZone = timeZoneForPhone(request.phone);
  if (areaCodeZone !== null) return { known: true, zone: areaCodeZone, source: "area_code" };
  return { known: false, detail: `no account time zone and no known area code for ${request.phone}` };
}
