/**
 * The group coordinator's state machine, request by request, against what Apache Kafka's
 * GroupCoordinator answers in each state (the error codes are the protocol's numbers).
 */
import { GroupCoordinator, type JoinRequest } from '../../../src/kafka/group-coordinator';

const NONE = 0;
const ILLEGAL_GENERATION = 22;
const INCONSISTENT_GROUP_PROTOCOL = 23;
const INVALID_GROUP_ID = 24;
const UNKNOWN_MEMBER_ID = 25;
const INVALID_SESSION_TIMEOUT = 26;
const REBALANCE_IN_PROGRESS = 27;

const range = { name: 'range', metadata: Buffer.from('sub-range') };
const roundRobin = { name: 'roundrobin', metadata: Buffer.from('sub-rr') };

function joinOf(overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: 'g',
    memberId: '',
    clientId: 'c',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 20_000,
    protocolType: 'consumer',
    protocols: [range, roundRobin],
    ...overrides,
  };
}

/** A first member through join and sync: the group is then stable at generation 1. */
async function stableGroupOfOne(groups: GroupCoordinator) {
  const joined = await groups.join(joinOf());
  const synced = await groups.sync(
    'g',
    joined.generationId,
    joined.memberId,
    new Map([[joined.memberId, Buffer.from('all partitions')]]),
  );
  return { joined, synced };
}

let groups: GroupCoordinator;
beforeEach(() => {
  groups = new GroupCoordinator();
});
afterEach(() => {
  groups.clear();
  jest.useRealTimers();
});

it('makes the first member leader of generation 1 with every subscription, then stable', async () => {
  const { joined, synced } = await stableGroupOfOne(groups);
  expect(joined).toMatchObject({ errorCode: NONE, generationId: 1, protocolName: 'range' });
  expect(joined.leader).toBe(joined.memberId);
  expect(joined.memberId).toMatch(/^c-[0-9a-f-]{36}$/);
  expect(joined.members).toEqual([{ memberId: joined.memberId, metadata: range.metadata }]);
  expect(synced).toEqual({ errorCode: NONE, assignment: Buffer.from('all partitions') });
  expect(groups.describe('g')).toMatchObject({ state: 'Stable', generationId: 1 });
});

it('rebalances when a second member joins: the first learns it from its heartbeat', async () => {
  const { joined: first } = await stableGroupOfOne(groups);
  const secondJoin = groups.join(joinOf({ clientId: 'd' }));
  expect(groups.heartbeat('g', 1, first.memberId)).toBe(REBALANCE_IN_PROGRESS);
  const firstAgain = await groups.join(joinOf({ memberId: first.memberId }));
  const second = await secondJoin;
  expect(firstAgain).toMatchObject({ errorCode: NONE, generationId: 2, leader: first.memberId });
  expect(firstAgain.members.map((member) => member.memberId).sort()).toEqual(
    [first.memberId, second.memberId].sort(),
  );
  expect(second).toMatchObject({ errorCode: NONE, generationId: 2, leader: first.memberId });
  expect(second.members).toEqual([]); // only the leader is told the subscriptions

  // The follower waits for the leader's assignment; the leader's sync answers both.
  const followerSync = groups.sync('g', 2, second.memberId, new Map());
  const leaderSync = await groups.sync(
    'g',
    2,
    first.memberId,
    new Map([
      [first.memberId, Buffer.from('p0')],
      [second.memberId, Buffer.from('p1')],
    ]),
  );
  expect(leaderSync.assignment.toString()).toBe('p0');
  expect((await followerSync).assignment.toString()).toBe('p1');
  expect(groups.heartbeat('g', 1, first.memberId)).toBe(ILLEGAL_GENERATION);
  expect(groups.heartbeat('g', 2, second.memberId)).toBe(NONE);
});

it('picks the protocol every member supports, and refuses a member that shares none', async () => {
  const first = await groups.join(joinOf({ protocols: [roundRobin, range] }));
  await groups.sync('g', 1, first.memberId, new Map());
  const refused = await groups.join(
    joinOf({ protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.alloc(0) }] }),
  );
  expect(refused.errorCode).toBe(INCONSISTENT_GROUP_PROTOCOL);
  const wrongType = await groups.join(joinOf({ protocolType: 'connect' }));
  expect(wrongType.errorCode).toBe(INCONSISTENT_GROUP_PROTOCOL);

  const rangeOnly = groups.join(joinOf({ protocols: [range] }));
  const again = await groups.join(
    joinOf({ memberId: first.memberId, protocols: [roundRobin, range] }),
  );
  expect(again.protocolName).toBe('range');
  expect((await rangeOnly).protocolName).toBe('range');
});

it('refuses an empty group id, a session timeout out of bounds and an unknown member', async () => {
  expect((await groups.join(joinOf({ groupId: '' }))).errorCode).toBe(INVALID_GROUP_ID);
  expect((await groups.join(joinOf({ sessionTimeoutMs: 5_999 }))).errorCode).toBe(
    INVALID_SESSION_TIMEOUT,
  );
  expect((await groups.join(joinOf({ sessionTimeoutMs: 1_800_001 }))).errorCode).toBe(
    INVALID_SESSION_TIMEOUT,
  );
  expect((await groups.join(joinOf({ memberId: 'nobody' }))).errorCode).toBe(UNKNOWN_MEMBER_ID);
  expect(groups.heartbeat('g', 1, 'nobody')).toBe(UNKNOWN_MEMBER_ID);
  expect((await groups.sync('g', 1, 'nobody', new Map())).errorCode).toBe(UNKNOWN_MEMBER_ID);
  expect(groups.leave('g', 'nobody')).toBe(UNKNOWN_MEMBER_ID);
});

it('answers a sync of the wrong generation, or during a rebalance, with the matching error', async () => {
  const { joined: first } = await stableGroupOfOne(groups);
  expect((await groups.sync('g', 7, first.memberId, new Map())).errorCode).toBe(ILLEGAL_GENERATION);
  void groups.join(joinOf({ clientId: 'd' }));
  expect((await groups.sync('g', 1, first.memberId, new Map())).errorCode).toBe(
    REBALANCE_IN_PROGRESS,
  );
});

it('tells a member waiting for its assignment to join again when the group rebalances', async () => {
  const first = await groups.join(joinOf());
  const second = groups.join(joinOf({ clientId: 'd' }));
  const rejoin = await groups.join(joinOf({ memberId: first.memberId }));
  const follower = await second;
  expect(rejoin.generationId).toBe(2);
  const waiting = groups.sync('g', 2, follower.memberId, new Map());
  // The leader leaves before assigning anything: the follower must not wait for ever.
  expect(groups.leave('g', first.memberId)).toBe(NONE);
  expect((await waiting).errorCode).toBe(REBALANCE_IN_PROGRESS);
});

it('removes a member whose session expires, and the group rebalances without it', async () => {
  jest.useFakeTimers();
  const { joined: first } = await stableGroupOfOne(groups);
  const secondJoin = groups.join(joinOf({ clientId: 'd', sessionTimeoutMs: 30_000 }));
  // The first member never heartbeats again: after its 10 s session it is gone, and the join
  // phase completes with the second alone, which becomes the leader.
  jest.advanceTimersByTime(10_001);
  const second = await secondJoin;
  expect(second).toMatchObject({ errorCode: NONE, generationId: 2, leader: second.memberId });
  expect(groups.describe('g').members).toEqual([second.memberId]);
  expect(groups.heartbeat('g', 2, first.memberId)).toBe(UNKNOWN_MEMBER_ID);
});

it('ends the join phase at the rebalance timeout without members that did not join again', async () => {
  jest.useFakeTimers();
  const { joined: first } = await stableGroupOfOne(groups);
  const secondJoin = groups.join(joinOf({ clientId: 'd', sessionTimeoutMs: 60_000 }));
  // The first keeps heartbeating (so its session lives) but never joins again.
  for (let elapsed = 0; elapsed < 20_000; elapsed += 5_000) {
    expect(groups.heartbeat('g', 1, first.memberId)).toBe(REBALANCE_IN_PROGRESS);
    jest.advanceTimersByTime(5_000);
  }
  jest.advanceTimersByTime(1);
  const second = await secondJoin;
  expect(second.generationId).toBe(2);
  expect(groups.describe('g').members).toEqual([second.memberId]);
});

it('empties when the last member leaves, and keeps the committed offsets', async () => {
  const { joined } = await stableGroupOfOne(groups);
  expect(groups.checkCommit('g', 1, joined.memberId)).toBe(NONE);
  groups.commit('g', 'events', 3, { offset: 42, metadata: null });
  expect(groups.leave('g', joined.memberId)).toBe(NONE);
  expect(groups.describe('g')).toMatchObject({ state: 'Empty', generationId: 2, members: [] });
  expect(groups.committed('g', 'events', 3)).toEqual({ offset: 42, metadata: null });
  expect(groups.committed('g', 'events', 4)).toBeUndefined();
});

it('checks commits as Kafka does: outside group management only while nobody is a member', async () => {
  expect(groups.checkCommit('tool', -1, '')).toBe(NONE); // e.g. an offsets reset tool
  expect(groups.checkCommit('missing', 3, 'someone')).toBe(ILLEGAL_GENERATION);
  const { joined } = await stableGroupOfOne(groups);
  expect(groups.checkCommit('g', -1, '')).toBe(UNKNOWN_MEMBER_ID);
  expect(groups.checkCommit('g', 2, joined.memberId)).toBe(ILLEGAL_GENERATION);
  void groups.join(joinOf({ clientId: 'd' }));
  // Preparing a rebalance: the old generation may still commit what it processed.
  expect(groups.checkCommit('g', 1, joined.memberId)).toBe(NONE);
});

it('lists, snapshots and restores committed offsets by group, topic and partition', () => {
  groups.commit('g', 'a.b', 0, { offset: 5, metadata: 'm' });
  groups.commit('g', 'a.b', 2, { offset: 9, metadata: null });
  groups.commit('h', 'c', 1, { offset: 1, metadata: '' });
  expect([...groups.committedTopics('g')]).toEqual([['a.b', [0, 2]]]);
  const snapshot = JSON.parse(JSON.stringify(groups.snapshotOffsets())) as ReturnType<
    GroupCoordinator['snapshotOffsets']
  >;
  const restored = new GroupCoordinator();
  restored.restoreOffsets(snapshot);
  expect(restored.committed('g', 'a.b', 2)).toEqual({ offset: 9, metadata: null });
  expect(restored.committed('h', 'c', 1)).toEqual({ offset: 1, metadata: '' });
  expect(restored.snapshotOffsets()).toEqual(groups.snapshotOffsets());
});

it('keeps a member whose JoinGroup waits longer than its session for the others', async () => {
  jest.useFakeTimers();
  const { joined: first } = await stableGroupOfOne(groups);
  let secondAnswered = false;
  const secondJoin = groups.join(joinOf({ clientId: 'd', sessionTimeoutMs: 6_000 }));
  void Promise.resolve(secondJoin).then(() => (secondAnswered = true));
  // The first takes 9 s to notice (its heartbeats go on); the second's 6 s session must not end
  // while it waits, parked, for the first to join again.
  for (let elapsed = 0; elapsed < 9_000; elapsed += 3_000) {
    expect(groups.heartbeat('g', 1, first.memberId)).toBe(REBALANCE_IN_PROGRESS);
    jest.advanceTimersByTime(3_000);
  }
  await Promise.resolve();
  expect(secondAnswered).toBe(false);
  const again = await groups.join(joinOf({ memberId: first.memberId }));
  const second = await secondJoin;
  expect(second.errorCode).toBe(NONE);
  expect(again.members).toHaveLength(2);
});

it('answers a SyncGroup that a second one from the same member replaces', async () => {
  const first = await groups.join(joinOf());
  const second = groups.join(joinOf({ clientId: 'd' }));
  await groups.join(joinOf({ memberId: first.memberId }));
  const follower = await second;
  const replaced = groups.sync('g', 2, follower.memberId, new Map());
  const again = groups.sync('g', 2, follower.memberId, new Map());
  expect((await replaced).errorCode).toBe(REBALANCE_IN_PROGRESS);
  await groups.sync('g', 2, first.memberId, new Map([[follower.memberId, Buffer.from('p1')]]));
  expect((await again).assignment.toString()).toBe('p1');
});
