import { Stack, aws_iam as iam, type aws_kms as kms } from 'aws-cdk-lib';
import type { MirroredZone } from '../props/mirrored-objects';
import { nagName } from '../nag/nag-names';
import {
  VPC_NETWORK_INTERFACES_WILDCARD_REASON,
  type PlatformFunction,
} from '../constructs/platform-function';
import type { AzureTarget } from '../facts/replication';

/** The mirror cannot be granted what it needs; names what is missing. */
export class MirrorAccessError extends Error {
  override readonly name = 'MirrorAccessError';
}

/**
 * Grants the transfer function exactly what mirroring needs: read the mirrored prefixes, decrypt
 * with those zones' keys through S3, and get a token for Azure (federated) or read the one client
 * secret (service principal). Every wildcard cdk-nag finds is acknowledged by its exact ID.
 */
export function grantMirrorAccess(
  transfer: PlatformFunction,
  zones: readonly MirroredZone[],
  azureTarget: AzureTarget,
  federationAudience: string,
): void {
  const { role } = transfer;
  const stack = Stack.of(transfer);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadMirroredObjects',
      // GetObjectVersion: the function HEADs and presigns the exact version of the event.
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: mirroredObjectArns(stack, zones),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'TellMissingObjectsApart',
      // Without it, S3 answers a HEAD of a key it does not hold with 403 instead of 404, so the
      // transfer could not tell "gone" (a delete to mirror, an event key to read another way)
      // from "denied". No s3:prefix condition: S3 evaluates this permission for the HEAD, and a
      // HEAD carries no prefix. The function already reads every mirrored object.
      actions: ['s3:ListBucket'],
      resources: zones.map((zone) => `arn:${stack.partition}:s3:::${zone.bucketName}`),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'OrderDeletedVersions',
      // With deletes not mirrored, a deleted key keeps the last version S3 served; only S3's own
      // version listing tells which that is when sequencers cannot be trusted.
      actions: ['s3:ListBucketVersions'],
      resources: zones.map((zone) => `arn:${stack.partition}:s3:::${zone.bucketName}`),
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'DecryptMirroredObjects',
      actions: ['kms:Decrypt'],
      resources: zones.map((zone) => zoneKey(zone).keyArn),
      conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
    }),
  );
  if (azureTarget.authMode === 'federated') {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'GetTokenForAzureOnly',
        actions: ['sts:GetWebIdentityToken'],
        // The action has no resource type (Service Authorization Reference); the audience
        // condition is what scopes it. ForAllValues alone would also pass a request without
        // an audience, hence the Null check.
        resources: ['*'],
        conditions: {
          'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': [federationAudience] },
          Null: { 'sts:IdentityTokenAudience': 'false' },
        },
      }),
    );
  }
  if (azureTarget.clientSecretArn !== undefined) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadAzureClientSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [azureTarget.clientSecretArn],
      }),
    );
  }
  acknowledgeWildcards(transfer, zones);
}

/**
 * Each acknowledgement names the exact finding, so any new wildcard still fails synth. The log
 * group's `:*` is acknowledged by PlatformFunction itself.
 */
function acknowledgeWildcards(transfer: PlatformFunction, zones: readonly MirroredZone[]): void {
  const stack = Stack.of(transfer);
  transfer.acknowledgeWildcard(
    'Resource::*',
    [
      'sts:GetWebIdentityToken and the X-Ray write actions have no resource type; the token is limited to the Azure audience by sts:IdentityTokenAudience.',
      ...(transfer.network === undefined ? [] : [VPC_NETWORK_INTERFACES_WILDCARD_REASON]),
    ].join(' '),
  );
  const paths = zones.flatMap((zone) => zone.prefixes.map((prefix) => `${zone.zone}/${prefix}*`));
  for (const [index, arn] of mirroredObjectArns(stack, zones).entries()) {
    transfer.acknowledgeWildcard(
      `Resource::${nagName(stack, arn)}`,
      `Objects under one mirrored dataset prefix (${paths[index]}): the dataset prefix is the narrowest scope that covers partitions yet to come.`,
    );
  }
}

/** `arn:…:s3:::<bucket>/<dataset>/*` for every mirrored dataset of every mirrored zone. */
function mirroredObjectArns(stack: Stack, zones: readonly MirroredZone[]): string[] {
  return zones.flatMap((zone) =>
    zone.prefixes.map((prefix) => `arn:${stack.partition}:s3:::${zone.bucketName}/${prefix}*`),
  );
}

function zoneKey(zone: MirroredZone): kms.IKey {
  const key = zone.bucket.encryptionKey;
  if (!key) {
    throw new MirrorAccessError(
      `the ${zone.zone} bucket carries no KMS key; the transfer cannot be granted kms:Decrypt`,
    );
  }
  return key;
}
