import type { JsonCall, WireJson } from '../../core/json-protocol';
import { AwsError } from '../../core/aws-error';
import { invalidParameter, invalidRequest, markedForDeletion } from './errors';
import { CURRENT, versionIdsToStages, type SecretRecord } from './model';
import type { SecretStore } from './store';
import {
  optionalString,
  readSecretValue,
  readTags,
  requireString,
  validateDescription,
  validateName,
  validateRequestToken,
} from './validation';
import { addVersion } from './value-operations';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RECOVERY_DAYS = 30;

/** What DescribeSecret and ListSecrets show of a secret. */
export function describe(secret: SecretRecord) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    Description: secret.description,
    KmsKeyId: secret.kmsKeyId,
    LastChangedDate: new Date(secret.lastChangedDate),
    LastAccessedDate: secret.lastAccessedDate ? new Date(secret.lastAccessedDate) : undefined,
    DeletedDate: secret.deletedDate ? new Date(secret.deletedDate) : undefined,
    Tags: secret.tags.length > 0 ? secret.tags : undefined,
    VersionIdsToStages: versionIdsToStages(secret),
    CreatedDate: new Date(secret.createdDate),
  };
}

export function secretOperations(store: SecretStore) {
  return {
    CreateSecret(input: WireJson, call: JsonCall) {
      const name = requireString(input, 'Name');
      validateName(name);
      const token = optionalString(input, 'ClientRequestToken');
      validateRequestToken(token);
      const description = optionalString(input, 'Description');
      validateDescription(description);
      const kmsKeyId = optionalString(input, 'KmsKeyId');
      const value = readSecretValue(input);
      const tags = readTags(input);
      const existing = store.find(name);
      if (existing) return retryOfCreate(existing, token, value);

      const now = call.context.now().toISOString();
      const secret: SecretRecord = {
        arn: store.newArn(name),
        name,
        ...(description !== undefined && { description }),
        ...(kmsKeyId !== undefined && { kmsKeyId }),
        tags,
        versions: [],
        createdDate: now,
        lastChangedDate: now,
      };
      const version = value
        ? addVersion(secret, token, value, [CURRENT], call.context.now()).version
        : undefined;
      store.add(secret);
      return { ARN: secret.arn, Name: secret.name, VersionId: version?.versionId };
    },

    DescribeSecret(input: WireJson) {
      return describe(store.existing(requireString(input, 'SecretId')));
    },

    UpdateSecret(input: WireJson, call: JsonCall) {
      const secret = store.active(requireString(input, 'SecretId'));
      const token = optionalString(input, 'ClientRequestToken');
      validateRequestToken(token);
      const description = optionalString(input, 'Description');
      validateDescription(description);
      const kmsKeyId = optionalString(input, 'KmsKeyId');
      const value = readSecretValue(input);
      if (description !== undefined) secret.description = description;
      if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId;
      secret.lastChangedDate = call.context.now().toISOString();
      const version = value
        ? addVersion(secret, token, value, [CURRENT], call.context.now()).version
        : undefined;
      return { ARN: secret.arn, Name: secret.name, VersionId: version?.versionId };
    },

    DeleteSecret(input: WireJson, call: JsonCall) {
      const secret = store.existing(requireString(input, 'SecretId'));
      const force = input.ForceDeleteWithoutRecovery === true;
      const window = input.RecoveryWindowInDays as unknown;
      if (force && window !== undefined && window !== null)
        throw invalidParameter(
          "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
        );
      const now = call.context.now();
      if (force) {
        store.remove(secret);
        return { ARN: secret.arn, Name: secret.name, DeletionDate: now };
      }
      const days = window === undefined || window === null ? DEFAULT_RECOVERY_DAYS : Number(window);
      if (!Number.isInteger(days) || days < 7 || days > 30)
        throw invalidParameter(
          'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
        );
      if (secret.deletedDate !== undefined) throw markedForDeletion();
      const purgeAt = new Date(now.getTime() + days * DAY_MS);
      secret.deletedDate = now.toISOString();
      secret.purgeAt = purgeAt.toISOString();
      return { ARN: secret.arn, Name: secret.name, DeletionDate: purgeAt };
    },

    RestoreSecret(input: WireJson, call: JsonCall) {
      const secret = store.existing(requireString(input, 'SecretId'));
      delete secret.deletedDate;
      delete secret.purgeAt;
      secret.lastChangedDate = call.context.now().toISOString();
      return { ARN: secret.arn, Name: secret.name };
    },
  };
}

/**
 * CreateSecret on a name that exists: a retry with the same ClientRequestToken and value returns
 * the original result; anything else is refused.
 */
function retryOfCreate(
  existing: SecretRecord,
  token: string | undefined,
  value: ReturnType<typeof readSecretValue>,
) {
  if (existing.deletedDate !== undefined)
    throw invalidRequest(
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    );
  const version = existing.versions.find((candidate) => candidate.versionId === token);
  const sameRequest =
    token !== undefined &&
    version !== undefined &&
    version.secretString === value?.secretString &&
    version.secretBinary === value?.secretBinary;
  if (!sameRequest)
    throw new AwsError(
      'ResourceExistsException',
      `The operation failed because the secret ${existing.name} already exists.`,
    );
  return { ARN: existing.arn, Name: existing.name, VersionId: version.versionId };
}
