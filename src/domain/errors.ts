/**
 * Expected failures are values with a code. The HTTP layer maps codes to problem details in one
 * place (src/http/problem-details.ts); the bot maps them to card errors.
 */
/** `unavailable`: a service the request needs is not set up (e.g. no SMS provider configured). */
export type DomainErrorCode = 'invalid' | 'not_found' | 'conflict' | 'forbidden' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the error is about, when there is one (e.g. `interaction.contact.phone`). */
    readonly field?: string,
    /** Facts the client may act on, sent as problem-details extension members (e.g. `mergedInto`). */
    readonly extensions?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, field?: string) => new DomainError('invalid', message, field);
export const notFound = (message: string) => new DomainError('not_found', message);
export const conflict = (message: string, extensions?: Record<string, string>) => new DomainError('conflict', message, undefined, extensions);
