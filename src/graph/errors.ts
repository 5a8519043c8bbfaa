/**
 * Why Microsoft Graph could not answer for the user. The HTTP layer turns each into a problem the
 * tab can show: consent is an administrator's task (403), unavailability passes (503).
 */

/** The app's delegated Graph permission has not been consented to in the user's tenant (AADSTS65001). */
export class GraphConsentRequired extends Error {
  constructor(readonly permission: string, options?: ErrorOptions) {
    super(`an administrator must grant consent to this app's Microsoft Graph permission ${permission}`, options);
  }
}

/** Entra or Graph did not answer, answered an error, or asked us to come back later than we wait. */
export class GraphUnavailable extends Error {
  constructor(message: string, readonly retryAfterMs?: number, options?: ErrorOptions) {
    super(message, options);
  }
}
