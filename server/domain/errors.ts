import type { ErrorCode } from '@/server/contracts/api';

/** A rule of the domain said no. Carries a stable code and a message safe to show. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
