// What one line of a call's timeline says: the entry's text, then the agent it is about in
// brackets, by name (the API's, else the console's member list), never by id.

/** The part of a timeline entry (the API's, or one folded live) that its words come from. */
interface TimelineWords {
  text: string;
  agentUserId?: string;
  agentName?: string | null;
}

export function timelineText(entry: TimelineWords, nameOf: (userId: string) => string | null): string {
  if (entry.agentUserId === undefined) return entry.text;
  const agent = entry.agentName ?? nameOf(entry.agentUserId) ?? "an agent no longer here";
  return `${entry.text} (${agent})`;
}
