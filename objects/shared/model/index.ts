// The model client shared by actors and the Worker (voice agent, summaries, translation).
export * from "./model-config";
export * from "./model-client";
