import type { ApiError, ErrorCode } from '@/server/contracts/api';

/** A rule of the domain said no. Carries a stable code, a message safe to show, and what the caller needs to decide again. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Pick<ApiError, 'currentPrices' | 'currentStock' | 'projection'> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, ...this.details };
  }
}
