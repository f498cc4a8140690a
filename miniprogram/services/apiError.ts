/** An error answer of the platform API: `{"error":{"code","message","details"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Builds an ApiError from a response body (any shape). */
export function apiErrorOf(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
  return new ApiError(status, e?.code ?? `http_${status}`, e?.message ?? `HTTP ${status}`, e?.details ?? {});
}
