/** A secret as Secrets Manager keeps it: metadata plus its versions and their staging labels. */
export interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  /** base64, so the record stays JSON-serializable for snapshots. */
  readonly secretBinary?: string;
  stages: string[];
  readonly createdDate: string;
  lastAccessedDate?: string;
}

export interface SecretRecord {
  readonly arn: string;
  readonly name: string;
  description?: string;
  kmsKeyId?: string;
  tags: { Key: string; Value: string }[];
  versions: SecretVersion[];
  readonly createdDate: string;
  lastChangedDate: string;
  lastAccessedDate?: string;
  /** When the secret was scheduled for deletion; it is purged `recoveryWindowInDays` later. */
  deletedDate?: string;
  /** When the scheduled deletion becomes final. */
  purgeAt?: string;
}

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
/** Secrets Manager keeps at most this many versions; the oldest unlabelled ones go first. */
export const MAX_VERSIONS = 100;

export function versionWithStage(secret: SecretRecord, stage: string): SecretVersion | undefined {
  return secret.versions.find((version) => version.stages.includes(stage));
}

/** `VersionIdsToStages` as DescribeSecret and ListSecrets show it (labelled versions only). */
export function versionIdsToStages(secret: SecretRecord): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const version of secret.versions) {
    if (version.stages.length > 0) result[version.versionId] = [...version.stages];
  }
  return result;
}

/** Moves `stages` onto `target`; AWSCURRENT's previous holder becomes AWSPREVIOUS, as AWS does. */
export function attachStages(secret: SecretRecord, target: SecretVersion, stages: string[]): void {
  const previousCurrent = versionWithStage(secret, CURRENT);
  for (const stage of stages) {
    for (const version of secret.versions) {
      if (version !== target) version.stages = version.stages.filter((held) => held !== stage);
    }
    if (!target.stages.includes(stage)) target.stages.push(stage);
  }
  if (stages.includes(CURRENT) && previousCurrent && previousCurrent !== target) {
    for (const version of secret.versions) {
      version.stages = version.stages.filter((held) => held !== PREVIOUS);
    }
    previousCurrent.stages.push(PREVIOUS);
  }
  pruneVersions(secret);
}

function pruneVersions(secret: SecretRecord): void {
  while (secret.versions.length > MAX_VERSIONS) {
    const oldestUnlabelled = secret.versions.findIndex((version) => version.stages.length === 0);
    if (oldestUnlabelled === -1) return;
    secret.versions.splice(oldestUnlabelled, 1);
  }
}

/** AWS reports LastAccessedDate to the day, not the instant. */
export function accessDay(now: Date): string {
  const day = new Date(now);
  day.setUTCHours(0, 0, 0, 0);
  return day.toISOString();
}
