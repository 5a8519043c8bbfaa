import type { GraphConfig } from '../config';
import { checkMemberGroups } from './graph-client';
import { tokenOnBehalfOf, type OboSettings } from './obo-token';

/** How long Graph's answer about a user's groups is used before Graph is asked again. */
export const GROUPS_CACHE_MS = 5 * 60_000;

/** The signed-in user, with the Teams SSO token Graph is asked on behalf of. */
export interface SignedInUser {
  userId: string;
  tenantId: string;
  ssoToken: string;
}

/** Which of `groupIds` the user is a member of. */
export type GroupMembership = (user: SignedInUser, groupIds: readonly string[]) => Promise<string[]>;

/** The delegated permission checkMemberGroups needs; an administrator consents to it for the tenant. */
const PERMISSION = 'GroupMember.Read.All';

/**
 * Group membership from Microsoft Graph, for users whose token names no groups because they are in
 * too many (group overage). Only the groups asked about are checked: the ones mapped to roles. An
 * answer is kept per user for GROUPS_CACHE_MS, and requests arriving together (a tab loading) share
 * one Graph call; failures are not kept, so the next request asks again.
 */
export function groupMembershipFromGraph(oboSettings: OboSettings, graph: GraphConfig, now: () => number = Date.now): GroupMembership {
  const scope = `${new URL(graph.baseUrl).origin}/${PERMISSION}`;
  const answers = new Map<string, { groups: Promise<string[]>; expiresAt: number }>();

  const askGraph = async (user: SignedInUser, groupIds: readonly string[]) => {
    const accessToken = await tokenOnBehalfOf(user.ssoToken, user.tenantId, scope, oboSettings);
    return checkMemberGroups(graph.baseUrl, accessToken, groupIds);
  };

  return (user, groupIds) => {
    const wanted = [...new Set(groupIds)].sort();
    if (wanted.length === 0) return Promise.resolve([]);
    // A changed set of mapped groups is another question: a new mapping applies at once.
    const key = `${user.tenantId}/${user.userId}/${wanted.join(',')}`;
    const kept = answers.get(key);
    if (kept && kept.expiresAt > now()) return kept.groups;
    forgetExpired(answers, now());
    const groups = askGraph(user, wanted);
    answers.set(key, { groups, expiresAt: now() + GROUPS_CACHE_MS });
    groups.catch(() => {
      if (answers.get(key)?.groups === groups) answers.delete(key);
    });
    return groups;
  };
}

function forgetExpired(answers: Map<string, { expiresAt: number }>, at: number): void {
  for (const [key, answer] of answers) if (answer.expiresAt <= at) answers.delete(key);
}
