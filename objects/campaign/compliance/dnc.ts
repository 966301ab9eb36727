// Do-not-call: the account's own flag, the organisation's list and the campaign's list, by
// exact E.164 number. A listed number is never eligible while it stays listed, so these
// refusals carry no next-eligible time.
import { assertNever } from "./assert-never";
import type { DialRequest, DncSource, RuleBlock } from "./types";

function isListed(source: DncSource, phone: string): boolean {
  switch (source.kind) {
    case "set":
      return source.numbers.has(phone);
    case "lookup":
      return source.listed;
    default:
      return assertNever(source);
  }
}

export function dncBlocks(request: DialRequest): RuleBlock[] {
  const blocks: RuleBlock[] = [];
  if (request.dnc.account) {
    blocks.push({ reason: "dnc_account", until: null, detail: `account ${request.accountId} is marked do-not-call` });
  }
  if (isListed(request.dnc.org, request.phone)) {
    blocks.push({ reason: "dnc_org", until: null, detail: `${request.phone} is on the organisation's do-not-call list` });
  }
  if (isListed(request.dnc.campaign, request.phone)) {
    blocks.push({ reason: "dnc_campaign", until: null, detail: `${request.phone} is on this campaign's do-not-call list` });
  }
  return blocks;
}
