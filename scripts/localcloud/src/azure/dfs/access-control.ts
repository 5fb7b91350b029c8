/**
 * POSIX owner, group, permissions and ACL of a path. Kept beside the shared namespace (keyed by
 * the entry object) because only the DFS API reads or writes them: a rename moves the entry and
 * so keeps its access control, a Blob overwrite makes a new entry with the defaults.
 */
import { AzureError } from '../azure-error';
import { header, type AzureRequest } from '../azure-request';
import type { PathEntry } from '../namespace';
import { invalidHeaderValue } from './dfs-http';

export interface AccessControl {
  owner: string;
  group: string;
  /** Symbolic, 9 characters (`rwxr-x---`), plus `+` when the ACL has named entries. */
  permissions: string;
  /** Extra named ACL entries (`user:<oid>:r-x`, `default:…`), beyond the owner/group/other ones. */
  extraAcl: string[];
}

/** Shared Key and SAS callers act as the account's superuser, as Azure reports them. */
const SUPERUSER = '$superuser';
/** Azure applies umask 0027 when a create sends none. */
const DEFAULT_UMASK = 0o027;

const controls = new WeakMap<PathEntry, AccessControl>();

export function accessControlOf(entry: PathEntry): AccessControl {
  let control = controls.get(entry);
  if (!control) {
    control = {
      owner: SUPERUSER,
      group: SUPERUSER,
      permissions: symbolic((entry.kind === 'directory' ? 0o777 : 0o666) & ~DEFAULT_UMASK),
      extraAcl: [],
    };
    controls.set(entry, control);
  }
  return control;
}

/** Create Path: `x-ms-permissions` (default 0777 / 0666) masked by `x-ms-umask` (default 0027). */
export function applyCreateAccessControl(request: AzureRequest, entry: PathEntry): void {
  const requested = header(request, 'x-ms-permissions');
  const umask = header(request, 'x-ms-umask');
  const base =
    requested === undefined
      ? entry.kind === 'directory'
        ? 0o777
        : 0o666
      : mode(requested, 'x-ms-permissions');
  const mask = umask === undefined ? DEFAULT_UMASK : octal(umask, 'x-ms-umask');
  const control = accessControlOf(entry);
  control.permissions = symbolic(base & ~mask & 0o777);
  const owner = header(request, 'x-ms-owner');
  const group = header(request, 'x-ms-group');
  if (owner !== undefined) control.owner = owner;
  if (group !== undefined) control.group = group;
  const acl = header(request, 'x-ms-acl');
  if (acl !== undefined) applyAcl(control, acl);
}

/** Update Path `action=setAccessControl`. */
export function setAccessControl(request: AzureRequest, entry: PathEntry): void {
  const permissions = header(request, 'x-ms-permissions');
  const acl = header(request, 'x-ms-acl');
  if (permissions !== undefined && acl !== undefined) {
    throw new AzureError(
      'InvalidInput',
      'One of the request inputs is not valid. (x-ms-permissions and x-ms-acl are mutually exclusive)',
      400,
    );
  }
  const control = accessControlOf(entry);
  const owner = header(request, 'x-ms-owner');
  const group = header(request, 'x-ms-group');
  if (owner !== undefined) control.owner = owner;
  if (group !== undefined) control.group = group;
  if (permissions !== undefined) {
    control.permissions = symbolic(mode(permissions, 'x-ms-permissions') & 0o777);
  }
  if (acl !== undefined) applyAcl(control, acl);
}

/** The full ACL string, as `x-ms-acl` answers it. */
export function aclString(control: AccessControl): string {
  const bits = control.permissions.slice(0, 9);
  return [
    `user::${bits.slice(0, 3)}`,
    `group::${bits.slice(3, 6)}`,
    `other::${bits.slice(6, 9)}`,
    ...control.extraAcl,
  ].join(',');
}

/** Permissions as reported: the symbolic bits, `+` when named entries exist. */
export function permissionsString(control: AccessControl): string {
  return control.permissions.slice(0, 9) + (control.extraAcl.length > 0 ? '+' : '');
}

function applyAcl(control: AccessControl, acl: string): void {
  const bits = control.permissions.slice(0, 9).split('');
  const extra: string[] = [];
  for (const raw of acl.split(',')) {
    const entry = raw.trim();
    const match = /^(default:)?(user|group|mask|other):([^:]*):([r-][w-][x-])$/.exec(entry);
    if (!match) throw invalidHeaderValue('x-ms-acl');
    const [, isDefault, type, id, perms] = match as unknown as [
      string,
      string | undefined,
      string,
      string,
      string,
    ];
    const offset = type === 'user' ? 0 : type === 'group' ? 3 : type === 'other' ? 6 : -1;
    if (!isDefault && id === '' && offset !== -1) bits.splice(offset, 3, ...perms.split(''));
    else extra.push(entry);
  }
  control.permissions = bits.join('');
  control.extraAcl = extra;
}

/** `x-ms-permissions`: 4-digit octal (sticky bit allowed) or 9-character symbolic. */
function mode(value: string, name: string): number {
  if (/^[r-][w-][xtT-][r-][w-][x-][r-][w-][xtT-]\+?$/.test(value)) {
    return value
      .slice(0, 9)
      .split('')
      .reduce((bits, char) => (bits << 1) | (char === '-' || char === 'T' ? 0 : 1), 0);
  }
  return octal(value, name);
}

function octal(value: string, name: string): number {
  if (!/^[0-7]{3,4}$/.test(value)) throw invalidHeaderValue(name);
  return parseInt(value, 8);
}

function symbolic(bits: number): string {
  const letters = 'rwxrwxrwx';
  return letters
    .split('')
    .map((letter, index) => ((bits >> (8 - index)) & 1 ? letter : '-'))
    .join('');
}
