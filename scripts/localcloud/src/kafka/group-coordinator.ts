/**
 * The classic consumer-group protocol, as a Kafka broker's group coordinator runs it: members
 * join, one of them (the leader) is given everyone's subscriptions and hands back the partition
 * assignment, and the group is stable until a member joins, leaves or stops heartbeating. The
 * states and the error each request gets in each state follow Apache Kafka's GroupCoordinator:
 *
 *   Empty ──join──▶ PreparingRebalance ──all joined──▶ CompletingRebalance ──leader syncs──▶ Stable
 *     ▲                    ▲                                                               │
 *     └──last one leaves───┴────────────── a member joins, leaves or expires ──────────────┘
 *
 * Two simplifications, both invisible to a client: a new member is admitted on its first
 * JoinGroup (no MEMBER_ID_REQUIRED round trip), and a new group does not wait
 * `group.initial.rebalance.delay.ms` for more members before its first generation.
 *
 * Committed offsets are the group's, kept when the group empties, and are what a consumer that
 * restarts resumes from.
 */
import { randomUUID } from 'node:crypto';
import { KAFKA_ERRORS } from './protocol/error-codes';

type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

export interface GroupProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinRequest {
  readonly groupId: string;
  readonly memberId: string;
  readonly clientId: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly GroupProtocol[];
}

export interface JoinResult {
  readonly errorCode: number;
  readonly generationId: number;
  readonly protocolName: string;
  readonly leader: string;
  readonly memberId: string;
  /** Every member's subscription, for the leader only; empty for the others. */
  readonly members: readonly { readonly memberId: string; readonly metadata: Buffer }[];
}

export interface SyncResult {
  readonly errorCode: number;
  readonly assignment: Buffer;
}

export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | null;
}

/** What is kept across restarts: the committed offsets, by group, topic and partition. */
export type CommittedOffsets = Record<string, Record<string, Record<string, CommittedOffset>>>;

interface Member {
  readonly id: string;
  protocols: readonly GroupProtocol[];
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** The answer to a JoinGroup parked until the join phase ends. */
  awaitingJoin?: (result: JoinResult) => void;
  /** The answer to a SyncGroup parked until the leader sends the assignment. */
  awaitingSync?: (result: SyncResult) => void;
  assignment: Buffer;
  sessionTimer?: NodeJS.Timeout;
}

interface Group {
  readonly id: string;
  state: GroupState;
  generationId: number;
  protocolType: string | undefined;
  protocolName: string | undefined;
  leaderId: string | undefined;
  readonly members: Map<string, Member>;
  joinTimer?: NodeJS.Timeout;
}

/** Kafka's defaults for `group.min.session.timeout.ms` and `group.max.session.timeout.ms`. */
export const MIN_SESSION_TIMEOUT_MS = 6_000;
export const MAX_SESSION_TIMEOUT_MS = 1_800_000;

const NO_ASSIGNMENT = Buffer.alloc(0);

/** A JoinGroup refused: no generation, no members; the member keeps the id it sent. */
export function failedJoin(errorCode: number, memberId: string): JoinResult {
  return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
}

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly offsets = new Map<string, Map<string, CommittedOffset>>();

  join(request: JoinRequest): Promise<JoinResult> | JoinResult {
    const { groupId, memberId } = request;
    if (groupId === '') return failedJoin(KAFKA_ERRORS.INVALID_GROUP_ID, memberId);
    if (
      request.sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS ||
      request.sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS
    )
      return failedJoin(KAFKA_ERRORS.INVALID_SESSION_TIMEOUT, memberId);
    let group = this.groups.get(groupId);
    if (memberId !== '' && (!group || !group.members.has(memberId)))
      return failedJoin(KAFKA_ERRORS.UNKNOWN_MEMBER_ID, memberId);
    group ??= this.newGroup(groupId);
    if (!this.acceptsProtocols(group, request))
      return failedJoin(KAFKA_ERRORS.INCONSISTENT_GROUP_PROTOCOL, memberId);

    let member = group.members.get(memberId);
    if (!member) {
      member = {
        id: `${request.clientId}-${randomUUID()}`,
        protocols: request.protocols,
        sessionTimeoutMs: request.sessionTimeoutMs,
        rebalanceTimeoutMs: request.rebalanceTimeoutMs,
        assignment: NO_ASSIGNMENT,
      };
      group.members.set(member.id, member);
      group.protocolType ??= request.protocolType;
      group.leaderId ??= member.id;
      return this.parkJoin(group, member, /* rebalance */ true);
    }
    const changed = !sameProtocols(member.protocols, request.protocols);
    member.protocols = request.protocols;
    member.sessionTimeoutMs = request.sessionTimeoutMs;
    member.rebalanceTimeoutMs = request.rebalanceTimeoutMs;
    this.keepAlive(group, member);
    if (group.state === 'PreparingRebalance') return this.parkJoin(group, member, false);
    // A member that joins again with nothing new, outside a rebalance, is told the current
    // generation; the leader joining again, or new subscriptions, start a rebalance.
    const leaderRejoins = group.state === 'Stable' && member.id === group.leaderId;
    if (!changed && !leaderRejoins) return this.generationFor(group, member);
    return this.parkJoin(group, member, true);
  }

  sync(
    groupId: string,
    generationId: number,
    memberId: string,
    assignments: ReadonlyMap<string, Buffer>,
  ): Promise<SyncResult> | SyncResult {
    const failed = (errorCode: number): SyncResult => ({ errorCode, assignment: NO_ASSIGNMENT });
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return failed(KAFKA_ERRORS.UNKNOWN_MEMBER_ID);
    if (generationId !== group.generationId) return failed(KAFKA_ERRORS.ILLEGAL_GENERATION);
    if (group.state === 'PreparingRebalance') return failed(KAFKA_ERRORS.REBALANCE_IN_PROGRESS);
    this.keepAlive(group, member);
    if (group.state === 'Stable')
      return { errorCode: KAFKA_ERRORS.NONE, assignment: member.assignment };
    // CompletingRebalance: every member waits for the leader's assignment. A SyncGroup sent
    // again replaces the one waiting, which is told to join again rather than left unanswered.
    member.awaitingSync?.({
      errorCode: KAFKA_ERRORS.REBALANCE_IN_PROGRESS,
      assignment: NO_ASSIGNMENT,
    });
    const answer = new Promise<SyncResult>((resolve) => (member.awaitingSync = resolve));
    if (member.id === group.leaderId) {
      for (const each of group.members.values())
        each.assignment = assignments.get(each.id) ?? NO_ASSIGNMENT;
      group.state = 'Stable';
      for (const each of group.members.values()) {
        each.awaitingSync?.({ errorCode: KAFKA_ERRORS.NONE, assignment: each.assignment });
        delete each.awaitingSync;
      }
    }
    return answer;
  }

  heartbeat(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return KAFKA_ERRORS.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return KAFKA_ERRORS.ILLEGAL_GENERATION;
    this.keepAlive(group, member);
    // How members learn that someone joined or left: they join again.
    if (group.state === 'PreparingRebalance') return KAFKA_ERRORS.REBALANCE_IN_PROGRESS;
    return KAFKA_ERRORS.NONE;
  }

  leave(groupId: string, memberId: string): number {
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return KAFKA_ERRORS.UNKNOWN_MEMBER_ID;
    this.remove(group, member);
    return KAFKA_ERRORS.NONE;
  }

  /**
   * Checks an OffsetCommit against the group: a commit from outside group management
   * (generation -1) is accepted while nobody is a member; a member's must name its generation.
   */
  checkCommit(groupId: string, generationId: number, memberId: string): number {
    const group = this.groups.get(groupId);
    if (generationId < 0 && (!group || group.state === 'Empty')) return KAFKA_ERRORS.NONE;
    if (!group) return KAFKA_ERRORS.ILLEGAL_GENERATION;
    const member = group.members.get(memberId);
    if (!member) return KAFKA_ERRORS.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return KAFKA_ERRORS.ILLEGAL_GENERATION;
    if (group.state === 'CompletingRebalance') return KAFKA_ERRORS.REBALANCE_IN_PROGRESS;
    this.keepAlive(group, member);
    return KAFKA_ERRORS.NONE;
  }

  commit(groupId: string, topic: string, partition: number, committed: CommittedOffset): void {
    let group = this.offsets.get(groupId);
    if (!group) this.offsets.set(groupId, (group = new Map<string, CommittedOffset>()));
    group.set(offsetKey(topic, partition), committed);
  }

  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(groupId)?.get(offsetKey(topic, partition));
  }

  /** Every partition the group has committed, by topic (OffsetFetch with no topics named). */
  committedTopics(groupId: string): Map<string, number[]> {
    const topics = new Map<string, number[]>();
    for (const key of this.offsets.get(groupId)?.keys() ?? []) {
      const { topic, partition } = parseOffsetKey(key);
      topics.set(topic, [...(topics.get(topic) ?? []), partition]);
    }
    return topics;
  }

  /** The members of a group at this moment, and its state (for tests and the live view). */
  describe(groupId: string): { state: GroupState; generationId: number; members: string[] } {
    const group = this.groups.get(groupId);
    return {
      state: group?.state ?? 'Empty',
      generationId: group?.generationId ?? 0,
      members: [...(group?.members.keys() ?? [])],
    };
  }

  snapshotOffsets(): CommittedOffsets {
    const snapshot: CommittedOffsets = {};
    for (const [groupId, offsets] of this.offsets) {
      const topics: Record<string, Record<string, CommittedOffset>> = {};
      for (const [key, committed] of offsets) {
        const { topic, partition } = parseOffsetKey(key);
        (topics[topic] ??= {})[partition] = committed;
      }
      snapshot[groupId] = topics;
    }
    return snapshot;
  }

  restoreOffsets(snapshot: CommittedOffsets): void {
    for (const [groupId, topics] of Object.entries(snapshot))
      for (const [topic, partitions] of Object.entries(topics))
        for (const [partition, committed] of Object.entries(partitions))
          this.commit(groupId, topic, Number(partition), committed);
  }

  /** Forgets every group and offset; parked requests are told their member is gone. */
  clear(): void {
    for (const group of this.groups.values()) {
      clearTimeout(group.joinTimer);
      for (const member of group.members.values()) this.dismiss(member);
    }
    this.groups.clear();
    this.offsets.clear();
  }

  private newGroup(id: string): Group {
    const group: Group = {
      id,
      state: 'Empty',
      generationId: 0,
      protocolType: undefined,
      protocolName: undefined,
      leaderId: undefined,
      members: new Map(),
    };
    this.groups.set(id, group);
    return group;
  }

  /** A member may join if it speaks the group's protocol type and shares a protocol with all. */
  private acceptsProtocols(group: Group, request: JoinRequest): boolean {
    if (request.protocols.length === 0) return false;
    if (group.members.size === 0) return true;
    if (request.protocolType !== group.protocolType) return false;
    const others = [...group.members.values()].filter((member) => member.id !== request.memberId);
    return request.protocols.some((protocol) =>
      others.every((member) => member.protocols.some((own) => own.name === protocol.name)),
    );
  }

  private parkJoin(group: Group, member: Member, rebalance: boolean): Promise<JoinResult> {
    this.keepAlive(group, member);
    const answer = new Promise<JoinResult>((resolve) => {
      member.awaitingJoin?.(failedJoin(KAFKA_ERRORS.UNKNOWN_MEMBER_ID, member.id));
      member.awaitingJoin = resolve;
    });
    if (rebalance && group.state !== 'PreparingRebalance') this.prepareRebalance(group);
    this.completeJoinIfReady(group);
    return answer;
  }

  private prepareRebalance(group: Group): void {
    // Members waiting for an assignment that will never come are told to join again.
    for (const member of group.members.values()) {
      member.awaitingSync?.({
        errorCode: KAFKA_ERRORS.REBALANCE_IN_PROGRESS,
        assignment: NO_ASSIGNMENT,
      });
      delete member.awaitingSync;
    }
    group.state = 'PreparingRebalance';
    // Members that do not join again within the longest rebalance timeout are left out.
    const timeout = Math.max(0, ...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
    clearTimeout(group.joinTimer);
    group.joinTimer = setTimeout(() => this.completeJoin(group), timeout).unref();
  }

  private completeJoinIfReady(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    if ([...group.members.values()].every((member) => member.awaitingJoin))
      this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    clearTimeout(group.joinTimer);
    delete group.joinTimer;
    for (const member of group.members.values())
      if (!member.awaitingJoin) this.forget(group, member);
    group.generationId += 1;
    const members = [...group.members.values()];
    if (members.length === 0) {
      group.state = 'Empty';
      group.protocolType = undefined;
      group.protocolName = undefined;
      group.leaderId = undefined;
      return;
    }
    if (!group.leaderId || !group.members.has(group.leaderId)) group.leaderId = members[0]!.id;
    const leader = group.members.get(group.leaderId)!;
    group.protocolName = leader.protocols.find((protocol) =>
      members.every((member) => member.protocols.some((own) => own.name === protocol.name)),
    )!.name;
    group.state = 'CompletingRebalance';
    for (const member of members) {
      const answer = member.awaitingJoin!;
      delete member.awaitingJoin;
      answer(this.generationFor(group, member));
    }
  }

  private generationFor(group: Group, member: Member): JoinResult {
    const isLeader = member.id === group.leaderId;
    const protocolName = group.protocolName!;
    return {
      errorCode: KAFKA_ERRORS.NONE,
      generationId: group.generationId,
      protocolName,
      leader: group.leaderId!,
      memberId: member.id,
      members: isLeader
        ? [...group.members.values()].map((each) => ({
            memberId: each.id,
            metadata: each.protocols.find((protocol) => protocol.name === protocolName)!.metadata,
          }))
        : [],
    };
  }

  /**
   * Restarts the member's session: it is removed if nothing is heard from it for that long. A
   * member waiting for its JoinGroup or SyncGroup answer cannot heartbeat, so its session does
   * not run out meanwhile (as in Kafka); the rebalance timeout bounds that wait instead.
   */
  private keepAlive(group: Group, member: Member): void {
    clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => {
      if (group.members.get(member.id) !== member) return;
      if (member.awaitingJoin || member.awaitingSync) this.keepAlive(group, member);
      else this.remove(group, member);
    }, member.sessionTimeoutMs).unref();
  }

  private remove(group: Group, member: Member): void {
    this.forget(group, member);
    if (group.state === 'Stable' || group.state === 'CompletingRebalance')
      this.prepareRebalance(group);
    this.completeJoinIfReady(group);
  }

  private forget(group: Group, member: Member): void {
    this.dismiss(member);
    group.members.delete(member.id);
  }

  private dismiss(member: Member): void {
    clearTimeout(member.sessionTimer);
    member.awaitingJoin?.(failedJoin(KAFKA_ERRORS.UNKNOWN_MEMBER_ID, member.id));
    member.awaitingSync?.({ errorCode: KAFKA_ERRORS.UNKNOWN_MEMBER_ID, assignment: NO_ASSIGNMENT });
    delete member.awaitingJoin;
    delete member.awaitingSync;
  }
}

function sameProtocols(a: readonly GroupProtocol[], b: readonly GroupProtocol[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (protocol, index) =>
        protocol.name === b[index]!.name && protocol.metadata.equals(b[index]!.metadata),
    )
  );
}

/** Topic names cannot contain a NUL, so it separates the two parts of the key. */
function offsetKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

function parseOffsetKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}
