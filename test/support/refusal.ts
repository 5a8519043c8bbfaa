import { DomainError } from '../../src/domain/errors';

/** The DomainError a promise is refused with, as a plain object to compare; anything else fails the test. */
export const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => { throw new Error('expected a refusal'); },
    (error: unknown) => {
      if (!(error instanceof DomainError)) throw error;
      return { code: error.code, message: error.message, extensions: error.extensions };
    },
  );
