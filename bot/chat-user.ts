import type { ChannelAccount } from 'botbuilder';
import { actingUser, DEVELOPMENT_USER, knownUser, type ActingUser } from '../src/domain/access/users';
import type { Db } from '../src/store/db';

/**
 * Who is acting in a chat. Teams activities carry no app roles, so a user acts with the roles their
 * last tab sign-in carried; one who never signed in is an Agent (the default role) — except in
 * development mode, where they act as the development user.
 */
export async function chatUser(db: Db, from: ChannelAccount, development: boolean): Promise<ActingUser> {
  const known = from.aadObjectId ? await knownUser(db, from.aadObjectId) : null;
  if (known) return actingUser(db, known);
  if (development) return { ...DEVELOPMENT_USER, name: from.name ?? DEVELOPMENT_USER.name };
  return actingUser(db, { userId: from.aadObjectId ?? from.id, name: from.name ?? from.id, roles: [] });
}
