import { CLIENT_ID, startEntra, TENANT_ID } from '../../test/support/entra';
import { startGraph } from '../../test/support/graph';
import { GROUPS_CACHE_MS, groupMembershipFromGraph, type GroupMembership } from './overage-groups';

const ADMINS = 'c3a1f0d2-5b6e-4f7a-8c9d-0e1f2a3b4c5d';
const REVIEWERS = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

describe('group membership from Graph, kept per user for a short time', () => {
  let entra: Awaited<ReturnType<typeof startEntra>>;
  let graph: Awaited<ReturnType<typeof startGraph>>;
  let clock: number;
  let membership: GroupMembership;
  beforeAll(async () => {
    entra = await startEntra({ https: true });
    graph = await startGraph({ verifyToken: (token, audience) => entra.accessTokenClaims(token, audience) });
  });
  beforeEach(() => {
    clock = Date.now();
    membership = groupMembershipFromGraph(
      { authorityHost: entra.authorityHost, clientId: CLIENT_ID, clientSecret: entra.oboEnv.AAD_APP_CLIENT_SECRET },
      { clientSecret: entra.oboEnv.AAD_APP_CLIENT_SECRET, baseUrl: graph.baseUrl },
      () => clock,
    );
  });
  afterAll(async () => {
    await graph?.close();
    await entra?.close();
  });

  const userNamed = async (userId: string) => ({ userId, tenantId: TENANT_ID, ssoToken: await entra.overageToken({ oid: userId }) });
  const callsBy = (userId: string) => graph.requests.filter((r) => r.userId === userId).length;

  it('asks Graph again once the answer is older than five minutes, and sees a membership change then', async () => {
    const user = await userNamed('cached-user');
    graph.setMemberships('cached-user', [ADMINS]);
    expect(await membership(user, [ADMINS, REVIEWERS])).toEqual([ADMINS]);

    graph.setMemberships('cached-user', [ADMINS, REVIEWERS]);
    clock += GROUPS_CACHE_MS - 1;
    expect(await membership(user, [REVIEWERS, ADMINS, ADMINS])).toEqual([ADMINS]); // the same question, kept
    expect(callsBy('cached-user')).toBe(1);

    clock += 1;
    expect((await membership(user, [ADMINS, REVIEWERS])).sort()).toEqual([ADMINS, REVIEWERS].sort());
    expect(callsBy('cached-user')).toBe(2);
  });

  it('a changed set of mapped groups is asked at once; requests arriving together share one Graph call', async () => {
    const user = await userNamed('busy-user');
    graph.setMemberships('busy-user', [REVIEWERS]);
    const together = await Promise.all([membership(user, [ADMINS]), membership(user, [ADMINS]), membership(user, [ADMINS])]);
    expect(together).toEqual([[], [], []]);
    expect(callsBy('busy-user')).toBe(1);

    expect(await membership(user, [ADMINS, REVIEWERS])).toEqual([REVIEWERS]);
    expect(callsBy('busy-user')).toBe(2);
  });

  it('asks about at most 20 groups per request, as Graph allows', async () => {
    const many = Array.from({ length: 45 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const user = await userNamed('many-groups');
    graph.setMemberships('many-groups', [many[3]!, many[44]!]);
    expect(await membership(user, many)).toEqual([many[3], many[44]]);
    expect(graph.requests.filter((r) => r.userId === 'many-groups').map((r) => (r.body as { groupIds: string[] }).groupIds.length)).toEqual([20, 20, 5]);
  });
});
