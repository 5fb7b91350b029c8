/**
 * What `allowedIpRanges` becomes when the transfer function's egress addresses are linked: the
 * ranges people added stay, the platform's current addresses are added, and the addresses the
 * previous link run wrote (recorded in `awsEgressIps`) that AWS no longer exports are removed,
 * since a released Elastic IP can be handed to another AWS customer.
 */
export interface EgressRanges {
  /** `allowedIpRanges` as the stack file holds it now. */
  readonly current: readonly string[];
  /** `awsEgressIps`: what the previous link run wrote. */
  readonly previous: readonly string[];
  /** The egress addresses the replication stack exports now. */
  readonly next: readonly string[];
}

export function mergeEgressRanges({ current, previous, next }: EgressRanges): string[] {
  const stale = new Set(previous.filter((address) => !next.includes(address)));
  const kept = current.filter((range) => !stale.has(range));
  return [...new Set([...kept, ...next])];
}
