import { randomUUID } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import type { LocalCloudContext } from '../../core/context';
import type { QueryParams } from '../../core/query-protocol';
import { SIGNING_ALGORITHMS, type SigningAlgorithm, type SigningKeys } from './signing-keys';

/** The namespace AWS nests its own claims (and the request's tags) under. */
export const AWS_CLAIMS_NAMESPACE = 'https://sts.amazonaws.com/';
const MIN_DURATION = 60;
const MAX_DURATION = 3600;
const DEFAULT_DURATION = 300;
const MAX_AUDIENCES = 10;
const MAX_TAGS = 50;

export interface TokenRequest {
  readonly audiences: string[];
  readonly durationSeconds: number;
  readonly algorithm: SigningAlgorithm;
  readonly tags: Record<string, string>;
}

/** Reads and checks GetWebIdentityToken's parameters against the API's constraints. */
export function readTokenRequest(params: QueryParams): TokenRequest {
  const audiences = params.list('Audience.member').map((item) => item.get('') ?? '');
  if (audiences.length === 0)
    throw validation(`Value null at 'audience'`, 'Member must not be null');
  if (audiences.length > MAX_AUDIENCES)
    throw validation(
      `Value '[${audiences.join(', ')}]' at 'audience'`,
      `Member must have length less than or equal to ${MAX_AUDIENCES}`,
    );
  for (const audience of audiences) {
    if (audience.length < 1 || audience.length > 1000)
      throw validation(
        `Value '${audience}' at 'audience'`,
        'Member must have length between 1 and 1000',
      );
  }

  const rawDuration = params.get('DurationSeconds');
  const durationSeconds = rawDuration === undefined ? DEFAULT_DURATION : Number(rawDuration);
  if (!Number.isInteger(durationSeconds))
    throw validation(`Value '${rawDuration}' at 'durationSeconds'`, 'Member must be an integer');
  if (durationSeconds < MIN_DURATION)
    throw validation(
      `Value '${durationSeconds}' at 'durationSeconds'`,
      `Member must have value greater than or equal to ${MIN_DURATION}`,
    );
  if (durationSeconds > MAX_DURATION)
    throw validation(
      `Value '${durationSeconds}' at 'durationSeconds'`,
      `Member must have value less than or equal to ${MAX_DURATION}`,
    );

  const algorithm = params.get('SigningAlgorithm');
  if (algorithm === undefined || algorithm === '')
    throw validation(`Value null at 'signingAlgorithm'`, 'Member must not be null');
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(algorithm))
    throw validation(
      `Value '${algorithm}' at 'signingAlgorithm'`,
      `Member must satisfy enum value set: [${SIGNING_ALGORITHMS.join(', ')}]`,
    );

  return {
    audiences,
    durationSeconds,
    algorithm: algorithm as SigningAlgorithm,
    tags: readTags(params),
  };
}

function readTags(params: QueryParams): Record<string, string> {
  const tags = params.list('Tags.member');
  if (tags.length > MAX_TAGS)
    throw validation(
      `Value '[${tags.length} tags]' at 'tags'`,
      `Member must have length less than or equal to ${MAX_TAGS}`,
    );
  const result: Record<string, string> = {};
  for (const tag of tags) {
    const key = tag.get('Key') ?? '';
    const value = tag.get('Value') ?? '';
    if (key.length < 1 || key.length > 128)
      throw validation(
        `Value '${key}' at 'tags.member.key'`,
        'Member must have length between 1 and 128',
      );
    if (value.length > 256)
      throw validation(
        `Value '${value}' at 'tags.member.value'`,
        'Member must have length less than or equal to 256',
      );
    if (Object.hasOwn(result, key))
      throw new AwsError('InvalidParameterValue', `Duplicate tag keys found: ${key}`);
    result[key] = value;
  }
  return result;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiration: Date;
}

/** Builds the claims AWS documents for outbound identity federation and signs them. */
export function issueToken(
  request: TokenRequest,
  subject: string,
  issuer: string,
  context: LocalCloudContext,
  keys: SigningKeys,
): IssuedToken {
  const issuedAt = Math.floor(context.now().getTime() / 1000);
  const expiresAt = issuedAt + request.durationSeconds;
  const awsClaims: Record<string, unknown> = {
    aws_account: context.accountId,
    source_region: context.region,
  };
  if (Object.keys(request.tags).length > 0) awsClaims.request_tags = request.tags;
  const claims = {
    iss: issuer,
    sub: subject,
    // RFC 7519: a single audience may be a plain string; several are an array.
    aud: request.audiences.length === 1 ? request.audiences[0] : request.audiences,
    iat: issuedAt,
    exp: expiresAt,
    jti: randomUUID(),
    [AWS_CLAIMS_NAMESPACE]: awsClaims,
  };
  return {
    token: keys.signJwt(request.algorithm, claims),
    expiration: new Date(expiresAt * 1000),
  };
}

function validation(subject: string, constraint: string): AwsError {
  return new AwsError(
    'ValidationError',
    `1 validation error detected: ${subject} failed to satisfy constraint: ${constraint}`,
  );
}
