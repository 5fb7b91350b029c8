import { randomUUID } from 'node:crypto';
import type { JsonCall, WireJson } from '../../core/json-protocol';
import { AwsError } from '../../core/aws-error';
import { invalidRequest, valueNotFound } from './errors';
import {
  accessDay,
  attachStages,
  CURRENT,
  versionWithStage,
  type SecretRecord,
  type SecretVersion,
} from './model';
import type { SecretStore } from './store';
import {
  optionalString,
  readSecretValue,
  requireString,
  sameValue,
  validateRequestToken,
  type SecretValueInput,
} from './validation';

/**
 * Adds a version (or finds the one this ClientRequestToken already made: a retry with the same
 * value is a no-op, a different value under the same token is refused, as AWS refuses it).
 */
export function addVersion(
  secret: SecretRecord,
  token: string | undefined,
  value: SecretValueInput,
  stages: string[],
  now: Date,
): { version: SecretVersion; created: boolean } {
  const versionId = token ?? randomUUID();
  const existing = secret.versions.find((version) => version.versionId === versionId);
  if (existing) {
    if (!sameValue(existing, value))
      throw new AwsError(
        'ResourceExistsException',
        "You can't modify an existing version, you can only create a new version.",
      );
    return { version: existing, created: false };
  }
  const version: SecretVersion = {
    versionId,
    ...(value.secretString !== undefined && { secretString: value.secretString }),
    ...(value.secretBinary !== undefined && { secretBinary: value.secretBinary }),
    stages: [],
    createdDate: now.toISOString(),
  };
  secret.versions.push(version);
  attachStages(secret, version, stages);
  secret.lastChangedDate = now.toISOString();
  return { version, created: true };
}

export function valueOperations(store: SecretStore) {
  return {
    GetSecretValue(input: WireJson, call: JsonCall) {
      const secret = store.active(requireString(input, 'SecretId'));
      const versionId = optionalString(input, 'VersionId');
      const versionStage = optionalString(input, 'VersionStage');
      let version: SecretVersion | undefined;
      if (versionId !== undefined) {
        version = secret.versions.find((candidate) => candidate.versionId === versionId);
        if (!version || (versionStage !== undefined && !version.stages.includes(versionStage)))
          throw valueNotFound('VersionId', versionId);
      } else {
        const stage = versionStage ?? CURRENT;
        version = versionWithStage(secret, stage);
        if (!version) throw valueNotFound('staging label', stage);
      }
      const day = accessDay(call.context.now());
      secret.lastAccessedDate = day;
      version.lastAccessedDate = day;
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        SecretString: version.secretString,
        SecretBinary: version.secretBinary,
        VersionStages: [...version.stages],
        CreatedDate: new Date(version.createdDate),
      };
    },

    PutSecretValue(input: WireJson, call: JsonCall) {
      const secret = store.active(requireString(input, 'SecretId'));
      const token = optionalString(input, 'ClientRequestToken');
      validateRequestToken(token);
      const value = readSecretValue(input);
      if (!value) throw invalidRequest('You must provide either SecretString or SecretBinary.');
      const stages = readStages(input.VersionStages);
      const { version } = addVersion(secret, token, value, stages, call.context.now());
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        VersionStages: [...version.stages],
      };
    },
  };
}

function readStages(stages: unknown): string[] {
  if (stages === undefined || stages === null) return [CURRENT];
  if (!Array.isArray(stages) || stages.length < 1 || stages.length > 20)
    throw new AwsError(
      'InvalidParameterException',
      'VersionStages must contain between 1 and 20 staging labels.',
    );
  return stages.map(String);
}
