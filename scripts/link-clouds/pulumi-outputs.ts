/**
 * Reads what the transfer function needs from the Pulumi stack outputs
 * (`pulumi stack output --json`), checked with the same rules the CDK app applies to them.
 */
import { azureTargetProblem, type AzureTargetKey } from '../../infra/aws/options/transfer-options';
import { ZONE_NAMES, isMirrored, type Platform, type ZoneName } from '../../infra/platform';
import { isRecord } from './aws-outputs';
import { LinkInputError } from './errors';

export type AzureTargetValues = Readonly<Record<AzureTargetKey, string>>;

/** Which Pulumi output feeds which CDK context option. */
export const PULUMI_OUTPUT_FOR: Readonly<Record<AzureTargetKey, string>> = {
  adlsAccountUrl: 'blobEndpoint',
  azureTenantId: 'tenantId',
  azureClientId: 'managedIdentityClientId',
};

export function parsePulumiOutputs(
  document: unknown,
  platform: Platform,
  source: string,
): AzureTargetValues {
  if (!isRecord(document)) {
    throw new LinkInputError(
      `${source}: expected the JSON object of \`pulumi stack output --json\``,
    );
  }
  const read = (key: AzureTargetKey): string => {
    const output = PULUMI_OUTPUT_FOR[key];
    const value = document[output];
    if (value === undefined) {
      throw new LinkInputError(
        `${source}: output ${output} is missing; run \`pulumi up\` for this stack first`,
      );
    }
    if (value === '[secret]') {
      throw new LinkInputError(
        `${source}: output ${output} is a secret; save the outputs with --show-secrets`,
      );
    }
    // Pulumi reports the endpoint with a trailing slash; the transfer options spell it without.
    const normalized =
      key === 'adlsAccountUrl' && typeof value === 'string' ? value.replace(/\/+$/, '') : value;
    const problem = azureTargetProblem(key, normalized);
    if (problem !== undefined) {
      throw new LinkInputError(`${source}: output ${output} (for ${key}) ${problem}`);
    }
    return normalized as string;
  };
  const values = {
    adlsAccountUrl: read('adlsAccountUrl'),
    azureTenantId: read('azureTenantId'),
    azureClientId: read('azureClientId'),
  };
  checkFileSystems(document.fileSystems, platform, source);
  return values;
}

/**
 * The transfer writes each object to the file system named after its zone
 * (lambdas/s3-to-adls/routing.ts), so every mirrored zone must have exactly that file system.
 */
function checkFileSystems(fileSystems: unknown, platform: Platform, source: string): void {
  if (!isRecord(fileSystems)) {
    throw new LinkInputError(
      `${source}: output fileSystems must be an object of zone → file system name, got ${JSON.stringify(fileSystems)}`,
    );
  }
  for (const zone of mirroredZoneNames(platform)) {
    const name = fileSystems[zone];
    if (name !== zone) {
      throw new LinkInputError(
        `${source}: output fileSystems.${zone} must be "${zone}" (the transfer writes ${zone} objects there), got ${JSON.stringify(name)}`,
      );
    }
  }
}

export function mirroredZoneNames(platform: Platform): ZoneName[] {
  return ZONE_NAMES.filter((zone) =>
    platform.datasets.some((dataset) => isMirrored(platform, zone, dataset)),
  );
}
