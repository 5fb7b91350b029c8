/**
 * The provisioned clusters and serverless workgroups the Data API can reach. AWS refuses a
 * statement for one that does not exist, so localcloud must know them: the local deployment
 * creates its workgroup (as the WarehouseStack does), and `npm run localcloud` takes
 * `--redshift-workgroup` / `--redshift-cluster`.
 */
import { validationError, type ConnectionTarget } from './validation';

export interface EndpointsSnapshot {
  readonly workgroups: readonly string[];
  readonly clusters: readonly string[];
}

export class RedshiftEndpoints {
  private readonly workgroups = new Set<string>();
  private readonly clusters = new Set<string>();

  createWorkgroup(name: string): void {
    this.workgroups.add(name);
  }

  createCluster(identifier: string): void {
    this.clusters.add(identifier);
  }

  /**
   * Throws what the Data API answers for a cluster or workgroup it cannot find: a 400
   * ValidationException "Redshift endpoint doesn't exist in this region." (docs/decisions.md).
   */
  requireExisting(target: ConnectionTarget): ConnectionTarget {
    const exists =
      target.workgroupName !== undefined
        ? this.workgroups.has(target.workgroupName)
        : this.clusters.has(target.clusterIdentifier ?? '');
    if (!exists) throw validationError("Redshift endpoint doesn't exist in this region.");
    return target;
  }

  reset(): void {
    this.workgroups.clear();
    this.clusters.clear();
  }

  snapshot(): EndpointsSnapshot {
    return { workgroups: [...this.workgroups], clusters: [...this.clusters] };
  }

  restore(state: EndpointsSnapshot | undefined): void {
    this.reset();
    state?.workgroups.forEach((name) => this.workgroups.add(name));
    state?.clusters.forEach((identifier) => this.clusters.add(identifier));
  }
}
