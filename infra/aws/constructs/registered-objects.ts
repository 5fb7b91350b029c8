import { bucketName, catalogTables, type Platform } from '../../platform';
import type { ObjectSource } from './object-events';

/**
 * The zones whose objects the registration function turns into partitions: per zone, the
 * prefixes of the catalog tables registered by events (datasets with partition projection are
 * left out, engines compute their partitions). Pure: the local runtime routes with it too.
 */
export function registrationSources(
  platform: Platform,
  account: string,
  region: string,
): ObjectSource[] {
  const registered = catalogTables(platform).filter((table) => table.registeredByEvents);
  return platform.zones
    .map((zone) => ({
      zone: zone.name,
      bucketName: bucketName(platform, zone.name, account, region),
      prefixes: registered
        .filter((table) => table.zone === zone.name)
        .map((table) => `${table.dataset.name}/`),
    }))
    .filter((source) => source.prefixes.length > 0);
}
