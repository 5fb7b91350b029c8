import { createHash } from 'node:crypto';
import type { LocalCloudContext } from '../../core/context';

/** Who an access key acts as, the way GetCallerIdentity reports it. */
export interface CallerIdentity {
  readonly Account: string;
  readonly Arn: string;
  readonly UserId: string;
}

const ROLE_SESSION = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;
const IAM_USER = /^arn:aws:iam::(\d{12}):user\/(.+)$/;
const ROOT = /^arn:aws:iam::(\d{12}):root$/;

export function isSupportedPrincipalArn(principalArn: string): boolean {
  return [ROLE_SESSION, IAM_USER, ROOT].some((pattern) => pattern.test(principalArn));
}

/** Access key → principal ARN; a key with no entry acts as the account's root. */
export class Identities {
  private byAccessKey = new Map<string, string>();

  constructor(private readonly context: LocalCloudContext) {}

  actAs(accessKeyId: string, principalArn: string): void {
    if (!isSupportedPrincipalArn(principalArn))
      throw new Error(
        `unsupported principal ARN ${principalArn}: use arn:aws:iam::<acct>:root, arn:aws:iam::<acct>:user/<name> or arn:aws:sts::<acct>:assumed-role/<role>/<session>`,
      );
    this.byAccessKey.set(accessKeyId, principalArn);
  }

  callerOf(accessKeyId: string): CallerIdentity {
    const principalArn =
      this.byAccessKey.get(accessKeyId) ?? `arn:aws:iam::${this.context.accountId}:root`;
    const session = ROLE_SESSION.exec(principalArn);
    if (session) {
      const [, account, role, sessionName] = session as unknown as [string, string, string, string];
      return {
        Account: account,
        Arn: principalArn,
        UserId: `${uniqueId('AROA', `role/${role}`)}:${sessionName}`,
      };
    }
    const user = IAM_USER.exec(principalArn);
    if (user)
      return { Account: user[1]!, Arn: principalArn, UserId: uniqueId('AIDA', principalArn) };
    return { Account: this.context.accountId, Arn: principalArn, UserId: this.context.accountId };
  }

  /**
   * The `sub` of a web identity token: for a role session it is the role's ARN (the session name
   * is not part of it), otherwise the caller's ARN.
   */
  subjectOf(accessKeyId: string): string {
    const caller = this.callerOf(accessKeyId);
    const session = ROLE_SESSION.exec(caller.Arn);
    return session ? `arn:aws:iam::${session[1]!}:role/${session[2]!}` : caller.Arn;
  }

  clear(): void {
    this.byAccessKey.clear();
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries(this.byAccessKey);
  }

  restore(state: Record<string, string> | undefined): void {
    this.byAccessKey = new Map(Object.entries(state ?? {}));
  }
}

/** IAM unique ids: a 4-letter prefix and 17 upper-case alphanumerics, stable per principal. */
function uniqueId(prefix: string, principal: string): string {
  const digest = createHash('sha256').update(principal).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let id = prefix;
  for (let index = 0; index < 17; index += 1) id += alphabet[digest[index]! % alphabet.length];
  return id;
}
