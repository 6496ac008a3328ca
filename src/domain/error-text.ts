/** An error as one line for logs, journal events and messages: `Name: message`, else its text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The message alone, where the surrounding text already says what failed. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The message of the error's cause where it has one: `fetch` throws `TypeError: fetch failed` and
 * keeps the reason (ECONNREFUSED, a DNS failure…) in `cause`.
 */
export function causeMessage(error: unknown): string {
  return errorMessage(error instanceof Error && error.cause instanceof Error ? error.cause : error);
}
