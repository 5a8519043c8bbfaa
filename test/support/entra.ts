import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import type { AddressInfo } from 'node:net';

export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT_ID = '6f2b1c90-7a0c-4c8e-9c1e-2d3f4a5b6c7d';
export const TAB_DOMAIN = 'cards.classics.example';

/**
 * A local stand-in for Entra ID's token signing: it publishes its keys as a JWKS, as
 * login.microsoftonline.com does, and mints Teams SSO access tokens signed with them.
 */
export async function startEntra() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256'); // a key Entra does not publish
  const kid = 'test-key-1';
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const app = express();
  app.get('/common/discovery/v2.0/keys', (_req, res) => res.json({ keys: [jwk] }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const authorityHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

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

  return {
    authorityHost,
    token,
    /** Signed by a key that is not in the published JWKS. */
    foreignKey: other.privateKey,
    /** The environment that points the app's SSO validation at this server. */
    env: { AAD_APP_CLIENT_ID: CLIENT_ID, AAD_APP_TENANT_ID: TENANT_ID, AAD_APP_OAUTH_AUTHORITY_HOST: authorityHost, TAB_DOMAIN },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
