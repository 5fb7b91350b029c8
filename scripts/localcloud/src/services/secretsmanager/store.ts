import { randomInt } from 'node:crypto';
import type { LocalCloudContext } from '../../core/context';
import { arn } from '../../core/context';
import { markedForDeletion, secretNotFound } from './errors';
import type { SecretRecord } from './model';

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Every secret by name; a secret past its recovery window is purged on the next access. */
export class SecretStore {
  private secrets = new Map<string, SecretRecord>();

  constructor(private readonly context: LocalCloudContext) {}

  /** `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>` */
  newArn(name: string): string {
    let suffix = '';
    for (let index = 0; index < 6; index += 1)
      suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
    return arn(this.context, 'secretsmanager', `secret:${name}-${suffix}`);
  }

  add(secret: SecretRecord): void {
    this.secrets.set(secret.name, secret);
  }

  remove(secret: SecretRecord): void {
    this.secrets.delete(secret.name);
  }

  /** By name, by full ARN, or by partial ARN (the ARN without its random suffix). */
  find(secretId: string): SecretRecord | undefined {
    this.purgeExpired();
    const byName = this.secrets.get(secretId);
    if (byName) return byName;
    if (!secretId.startsWith('arn:')) return undefined;
    for (const secret of this.secrets.values()) {
      if (secret.arn === secretId || secret.arn.slice(0, -7) === secretId) return secret;
    }
    return undefined;
  }

  /** A secret the caller may read or change: it must exist and not be scheduled for deletion. */
  active(secretId: string): SecretRecord {
    const secret = this.existing(secretId);
    if (secret.deletedDate !== undefined) throw markedForDeletion();
    return secret;
  }

  existing(secretId: string): SecretRecord {
    const secret = this.find(secretId);
    if (!secret) throw secretNotFound();
    return secret;
  }

  all(): SecretRecord[] {
    this.purgeExpired();
    return [...this.secrets.values()];
  }

  purgeExpired(): void {
    const now = this.context.now().getTime();
    for (const [name, secret] of this.secrets) {
      if (secret.purgeAt !== undefined && Date.parse(secret.purgeAt) <= now)
        this.secrets.delete(name);
    }
  }

  clear(): void {
    this.secrets.clear();
  }

  snapshot(): SecretRecord[] {
    return structuredClone([...this.secrets.values()]);
  }

  restore(state: unknown): void {
    this.secrets = new Map(
      (Array.isArray(state) ? (state as SecretRecord[]) : []).map((secret) => [
        secret.name,
        structuredClone(secret),
      ]),
    );
  }
}
