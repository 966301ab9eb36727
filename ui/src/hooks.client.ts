// Client error hook: unknown paths are an ordinary user event (the 404 page explains them), so
// only unexpected errors are logged to the console.
import type { HandleClientError } from "@sveltejs/kit";

export const handleError: HandleClientError = ({ error, status, message }) => {
  if (status !== 404) console.error(error);
  return { message };
};
