import express, { type Request, type Response } from 'express';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '6f2b1c90-7a0c-4c8e-9c1e-2d3f4a5b6c7d';
export const CLIENT_SECRET = 'Xk7~entra-test-client-secret.Qm2pV9';
export const TAB_DOMAIN = 'cards.classics.example';

const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface EntraOptions {
  /**
   * Serve over https with a throwaway certificate the test process trusts (Node's default https
   * agent, until close). MSAL, which TeamsFx's on-behalf-of credential runs on, accepts only https
   * authorities; the tests of Microsoft Graph on the user's behalf need it, the others do not.
   */
  https?: boolean;
}

/** An on-behalf-of grant Entra answered, as the token endpoint saw it. */
export interface OboGrant {
  userId: string;
  scopes: string[];
}

/**
 * A local stand-in for Entra ID: it publishes its keys as a JWKS, as login.microsoftonline.com
 * does, mints Teams SSO access tokens signed with them, and (over https) answers the on-behalf-of
 * grant at its token endpoint, as v2.0 does: an SSO token issued for the app, exchanged with the
 * app's client secret for a token to Microsoft Graph, or AADSTS65001 when consent is withheld.
 */
export async function startEntra(options: EntraOptions = {}) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256'); // a key Entra does not publish
  const kid = 'test-key-1';
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const oboGrants: OboGrant[] = [];
  let consentGranted = true;
  const app = express();
  app.get('/common/discovery/v2.0/keys', (_req, res) => res.json({ keys: [jwk] }));
  app.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const tenantRoot = `${authorityHost}/${req.params.tenant}`;
    res.json({
      issuer: `${authorityHost}/${TENANT_ID}/v2.0`,
      authorization_endpoint: `${tenantRoot}/oauth2/v2.0/authorize`,
      token_endpoint: `${tenantRoot}/oauth2/v2.0/token`,
      end_session_endpoint: `${tenantRoot}/oauth2/v2.0/logout`,
      jwks_uri: `${authorityHost}/common/discovery/v2.0/keys`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    });
  });
  app.post('/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), (req, res) => void answerTokenRequest(req, res));

  async function answerTokenRequest(req: Request, res: Response) {
    const form = req.body as Record<string, string | undefined>;
    if (form.grant_type !== OBO_GRANT) return tokenError(res, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${form.grant_type}'.`);
    if (form.requested_token_use !== 'on_behalf_of') return tokenError(res, 400, 'invalid_request', 900144, "The request body must contain the parameter 'requested_token_use' set to on_behalf_of.");
    if (form.client_id !== CLIENT_ID || form.client_secret !== CLIENT_SECRET) {
      return tokenError(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
    }
    let user: JWTPayload;
    try {
      ({ payload: user } = await jwtVerify(form.assertion ?? '', publicKey, { audience: [CLIENT_ID, `api://${TAB_DOMAIN}/${CLIENT_ID}`] }));
    } catch {
      return tokenError(res, 400, 'invalid_grant', 50013, 'Assertion failed signature validation.');
    }
    const scopes = (form.scope ?? '').split(' ').filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
    const resource = scopes[0]?.replace(/\/[^/]*$/, '');
    if (!resource || scopes.some((s) => !s.startsWith(`${resource}/`))) return tokenError(res, 400, 'invalid_scope', 70011, 'The provided value for the input parameter scope is not valid.');
    oboGrants.push({ userId: String(user.oid), scopes });
    if (!consentGranted) {
      return tokenError(res, 400, 'invalid_grant', 65001,
        `The user or administrator has not consented to use the application with ID '${CLIENT_ID}' named 'Customer Card'. Send an interactive authorization request for this user and resource.`, 'consent_required');
    }
    const permissions = scopes.map((s) => s.slice(resource.length + 1));
    const accessToken = await new SignJWT({ aud: resource, iss: `https://sts.windows.net/${TENANT_ID}/`, tid: TENANT_ID, oid: user.oid, scp: permissions.join(' '), appid: CLIENT_ID })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    res.json({ token_type: 'Bearer', scope: scopes.join(' '), expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
  }

  const certificate = options.https ? loopbackCertificate() : undefined;
  const server: Server = certificate ? https.createServer(certificate, app) : createHttpServer(app);
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const authorityHost = `${certificate ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const untrust = certificate ? trustInThisProcess(certificate.cert) : () => {};

  /** A token as Teams SSO issues it for the tab's app; override claims to make it wrong. */
  async function token(claims: JWTPayload = {}, options: { expiresIn?: string; key?: KeyLike } = {}): Promise<string> {
    return new SignJWT({
      iss: `${authorityHost}/${TENANT_ID}/v2.0`,
      aud: `api://${TAB_DOMAIN}/${CLIENT_ID}`,
      tid: TENANT_ID,
      oid: 'agent-oid-1',
      name: 'Elinor Dashwood',
      preferred_username: 'elinor.dashwood@classics.example',
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(options.key ?? privateKey);
  }

  /**
   * A token for a user in more groups than a token carries: no `groups` claim, but a pointer to
   * where they can be read, as Entra writes it past 200 groups.
   */
  function overageToken(claims: JWTPayload = {}): Promise<string> {
    const oid = String(claims.oid ?? 'agent-oid-1');
    return token({
      _claim_names: { groups: 'src1' },
      _claim_sources: { src1: { endpoint: `https://graph.windows.net/${TENANT_ID}/users/${oid}/getMemberObjects` } },
      ...claims,
    });
  }

  return {
    authorityHost,
    token,
    overageToken,
    /** Signed by a key that is not in the published JWKS. */
    foreignKey: other.privateKey,
    /** The environment that points the app's SSO validation at this server. */
    env: { AAD_APP_CLIENT_ID: CLIENT_ID, AAD_APP_TENANT_ID: TENANT_ID, AAD_APP_OAUTH_AUTHORITY_HOST: authorityHost, TAB_DOMAIN },
    /** And the app's client secret, for the on-behalf-of grant. */
    oboEnv: { AAD_APP_CLIENT_SECRET: CLIENT_SECRET },
    /** Every on-behalf-of grant answered (or refused for consent), oldest first. */
    oboGrants,
    /** Whether an administrator has consented to the app's Graph permissions: without it, every grant fails with AADSTS65001. */
    setConsent(granted: boolean) {
      consentGranted = granted;
    },
    /** The claims of an access token this Entra issued for `audience`, as Graph checks them; throws when it did not. */
    async accessTokenClaims(accessToken: string, audience: string): Promise<JWTPayload> {
      return (await jwtVerify(accessToken, publicKey, { audience })).payload;
    },
    async close() {
      untrust();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Entra's error answer at the token endpoint, as v2.0 writes it. */
function tokenError(res: Response, status: number, error: string, code: number, description: string, suberror?: string) {
  const traceId = crypto.randomUUID();
  const correlationId = crypto.randomUUID();
  res.status(status).json({
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: traceId,
    correlation_id: correlationId,
    ...(suberror ? { suberror } : {}),
  });
}

/** A throwaway self-signed certificate for 127.0.0.1 (an IP address: Node checks it against IP SANs), made with the system's openssl. */
function loopbackCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'entra-cert-'));
  try {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'pipe' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Makes Node's default https agent (which MSAL and jose use) trust `cert` besides the public roots,
 * as NODE_EXTRA_CA_CERTS would in a deployment behind a private CA; returns how to undo it.
 */
function trustInThisProcess(cert: string): () => void {
  const before = https.globalAgent.options.ca;
  https.globalAgent.options.ca = [...(before ? [before].flat() : rootCertificates), cert];
  return () => {
    const now = [https.globalAgent.options.ca ?? []].flat().filter((c) => c !== cert);
    https.globalAgent.options.ca = before === undefined ? undefined : now;
  };
}
