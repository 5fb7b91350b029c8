/**
 * EventBridge patterns for S3 object events of chosen datasets in chosen zone buckets. The mirror
 * and the partition registration route different datasets, but by the same rule: objects under
 * `<dataset>/` in a zone's bucket. Pure, so the local deployment routes with the deployed patterns.
 */
import type { ZoneName } from '../../platform';

/** Objects under some dataset prefixes of one zone's bucket. */
export interface ObjectSource {
  readonly zone: ZoneName;
  /**
   * The deterministic name (`infra/platform/naming.ts`), for rules and policies: it reads as
   * what it is in the template and does not depend on an export of the data-lake stack.
   */
  readonly bucketName: string;
  /** `<dataset>/` for each routed dataset. */
  readonly prefixes: readonly string[];
}

/** The `detail` of an EventBridge pattern matching objects under `prefixes` in the named buckets. */
export interface ObjectDetailPattern {
  readonly bucket: { readonly name: string[] };
  readonly object: { readonly key: { prefix: string }[] };
}

/**
 * The `detail` filter of a rule routing `sources`. Zones that route the same datasets share one
 * clause; zones that route different ones get a clause each under `$or`, because one clause with
 * all buckets and all prefixes would also match dataset A in the zone that routes only B.
 */
export function objectEventDetail(
  sources: readonly ObjectSource[],
): ObjectDetailPattern | { $or: ObjectDetailPattern[] } {
  const byPrefixes = new Map<string, { buckets: string[]; prefixes: readonly string[] }>();
  for (const source of sources) {
    const signature = [...source.prefixes].sort().join('\n');
    const group = byPrefixes.get(signature) ?? { buckets: [], prefixes: source.prefixes };
    group.buckets.push(source.bucketName);
    byPrefixes.set(signature, group);
  }
  const clauses = [...byPrefixes.values()].map((group) => ({
    bucket: { name: group.buckets },
    object: { key: group.prefixes.map((prefix) => ({ prefix })) },
  }));
  if (clauses.length === 1) return clauses[0]!;
  return { $or: clauses };
}
