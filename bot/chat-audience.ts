import type { ActingUser, DivisionFilter } from '../src/domain/access/users';
import type { Permission } from '../src/domain/access/permissions';
import { maySee, type CardViewer } from '../src/domain/cards/customer-card';
import type { Interaction } from '../src/domain/interactions/interaction';
import { findInteraction } from '../src/domain/interactions/interactions-store';
import { followsBringing, type FollowKind } from './chat-follows';
import type { Db } from '../src/store/db';
import { chatUser } from './chat-user';

/** Whom a card posted in a chat is for: the followers who brought its interaction there and may see it. */
export interface ChatAudience {
  /** What the card may show: the interactions of their divisions, with only the permissions all of them hold. */
  viewer: CardViewer;
  /** Their Bot Framework ids: their clients refresh the card to their own view, with their actions. */
  userIds: string[];
}

/**
 * Whom the interaction's card in this chat is for, or null when no one: a chat sees an interaction
 * only through a follower who may see it by the API's rule (its division, and contacts:view for a
 * contact they follow), acting with the roles of their last tab sign-in as in their own turns.
 */
export async function chatAudience(db: Db, conversationId: string, interactionId: string, development: boolean): Promise<ChatAudience | null> {
  const interaction = await findInteraction(db, interactionId);
  if (!interaction) return null;
  const users = new Map<string, ActingUser>();
  const audience = new Map<string, ActingUser>();
  for (const { kind, follower } of await followsBringing(db, conversationId, interactionId)) {
    const user = users.get(follower.id) ?? (await chatUser(db, follower, development));
    users.set(follower.id, user);
    if (broughtFor(user, kind, interaction)) audience.set(follower.id, user);
  }
  if (audience.size === 0) return null;
  return { viewer: jointViewer([...audience.values()]), userIds: [...audience.keys()] };
}

/** A follow brings the interaction to its follower if they may see it; a contact's, if they may also see contacts. */
function broughtFor(user: ActingUser, kind: FollowKind, interaction: Interaction): boolean {
  return maySee(user, interaction) && (kind !== 'contact' || user.permissions.has('contacts:view'));
}

/** What several followers may see together: any of their divisions, and what every one of them may do. */
function jointViewer(users: ActingUser[]): CardViewer {
  const divisions: DivisionFilter = users.some((u) => u.divisions === '*')
    ? '*'
    : [...new Set(users.flatMap((u) => (u.divisions === '*' ? [] : u.divisions)))].sort();
  const permissions = new Set<Permission>([...users[0]!.permissions].filter((p) => users.every((u) => u.permissions.has(p))));
  return { divisions, permissions };
}
