import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import type { AddressInfo } from 'node:net';

/** The issuer of the local Bot Connector's tokens (Bot Framework's own is https://api.botframework.com). */
export const BOT_TOKEN_ISSUER = 'https://api.botframework.test';

/**
 * A local stand-in for Bot Framework's token signing, as login.botframework.com publishes it: an
 * OpenID configuration whose JWKS keys carry `endorsements` (the channels a key may sign for), and
 * tokens for the bot as the Bot Connector sends them (iss, aud = the bot's app id, serviceurl).
 */
export async function startBotFrameworkIssuer(options: { endorsements?: string[] } = {}) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256'); // a key the metadata does not publish
  const kid = 'bf-test-key';
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256', endorsements: options.endorsements ?? ['msteams'] };
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app.get('/v1/.well-known/openidconfiguration', (_req, res) => {
    res.json({ issuer: BOT_TOKEN_ISSUER, jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
  });
  app.get('/v1/.well-known/keys', (_req, res) => res.json({ keys: [jwk] }));

  return {
    /** BOT_OPENID_METADATA_URL and BOT_TOKEN_ISSUER for the app. */
    env: { BOT_OPENID_METADATA_URL: `${base}/v1/.well-known/openidconfiguration`, BOT_TOKEN_ISSUER },
    foreignKey: foreign.privateKey,
    /** A token as the Bot Connector sends it to the bot; override claims or the key to make it wrong. */
    token(claims: JWTPayload & { aud: string; serviceurl: string }, key: KeyLike = privateKey): Promise<string> {
      return new SignJWT({ iss: BOT_TOKEN_ISSUER, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime('1h')
        .sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
