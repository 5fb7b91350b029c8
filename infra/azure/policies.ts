/**
 * The Azure part of the security baseline (docs/architecture.md#security-baseline) as plain checks
 * over a resource's inputs, the shape a Pulumi CrossGuard pack hands its validators (`args.type`,
 * `args.props`). The unit tests run them over every resource the program declares; a policy
 * pack can wrap them unchanged (`validateResource: (args, report) =>
 * policyViolations(args.type, args.props).forEach((v) => report(v.message))`).
 */

export type ResourceProps = Readonly<Record<string, unknown>>;

export interface PolicyViolation {
  /** Kebab-case name of the rule, stable for suppressions and reports. */
  readonly policy: string;
  readonly message: string;
}

export const RESOURCE_TYPES = {
  storageAccount: 'azure-native:storage:StorageAccount',
  blobService: 'azure-native:storage:BlobServiceProperties',
  blobContainer: 'azure-native:storage:BlobContainer',
  roleAssignment: 'azure-native:authorization:RoleAssignment',
} as const;

const MINIMUM_TLS_VERSIONS = ['TLS1_2', 'TLS1_3'];

const field = (props: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[key]
        : undefined,
    props,
  );

function check(violations: PolicyViolation[], policy: string, ok: boolean, message: string) {
  if (!ok) violations.push({ policy, message });
}

/** HNS, HTTPS/TLS 1.2, no anonymous or Shared Key access, Entra by default, double encryption, firewall. */
export function storageAccountViolations(props: ResourceProps): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  check(
    violations,
    'storage-hierarchical-namespace',
    props.isHnsEnabled === true,
    'isHnsEnabled must be true: the mirror is an ADLS Gen2 file system',
  );
  check(
    violations,
    'storage-https-only',
    props.enableHttpsTrafficOnly === true,
    'enableHttpsTrafficOnly must be true',
  );
  check(
    violations,
    'storage-minimum-tls',
    MINIMUM_TLS_VERSIONS.includes(String(props.minimumTlsVersion)),
    `minimumTlsVersion must be TLS1_2 or later, not ${String(props.minimumTlsVersion)}`,
  );
  check(
    violations,
    'storage-no-public-blob-access',
    props.allowBlobPublicAccess === false,
    'allowBlobPublicAccess must be false',
  );
  check(
    violations,
    'storage-no-shared-key',
    props.allowSharedKeyAccess === false,
    'allowSharedKeyAccess must be false: requests authenticate with Entra ID',
  );
  check(
    violations,
    'storage-oauth-default',
    props.defaultToOAuthAuthentication === true,
    'defaultToOAuthAuthentication must be true',
  );
  check(
    violations,
    'storage-infrastructure-encryption',
    field(props, 'encryption', 'requireInfrastructureEncryption') === true,
    'encryption.requireInfrastructureEncryption must be true',
  );
  check(
    violations,
    'storage-firewall-deny',
    field(props, 'networkRuleSet', 'defaultAction') === 'Deny',
    'networkRuleSet.defaultAction must be Deny',
  );
  return violations;
}

/** Deleted files and file systems stay restorable for a while. */
export function blobServiceViolations(props: ResourceProps): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const [policy, key] of [
    ['blob-soft-delete', 'deleteRetentionPolicy'],
    ['container-soft-delete', 'containerDeleteRetentionPolicy'],
  ] as const) {
    const days = field(props, key, 'days');
    check(
      violations,
      policy,
      field(props, key, 'enabled') === true && typeof days === 'number' && days >= 1,
      `${key} must be enabled with at least 1 day`,
    );
  }
  return violations;
}

/** File systems are private: no anonymous read of blobs or listings. */
export function blobContainerViolations(props: ResourceProps): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  check(
    violations,
    'file-system-private',
    props.publicAccess === 'None',
    `publicAccess must be None, not ${String(props.publicAccess)}`,
  );
  return violations;
}

/** `/subscriptions/…/resourceGroups/…/providers/Microsoft.Storage/storageAccounts/…/blobServices/default/containers/…` */
const FILE_SYSTEM_SCOPE =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+\/blobServices\/default\/containers\/[^/]+$/i;

/** Role assignments reach one file system, never a subscription, resource group or whole account. */
export function roleAssignmentViolations(props: ResourceProps): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  const scope = typeof props.scope === 'string' ? props.scope.replace(/\/+$/, '') : '';
  if (/^\/?subscriptions\/[^/]+$/i.test(scope)) {
    violations.push({
      policy: 'role-scope-file-system',
      message: `scope ${scope} is a whole subscription`,
    });
  } else if (/^\/?subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(scope)) {
    violations.push({
      policy: 'role-scope-file-system',
      message: `scope ${scope} is a whole resource group`,
    });
  } else if (!FILE_SYSTEM_SCOPE.test(scope)) {
    violations.push({
      policy: 'role-scope-file-system',
      message: `scope "${scope}" must be one file system (…/blobServices/default/containers/<name>)`,
    });
  }
  return violations;
}

const CHECKS: Readonly<Record<string, (props: ResourceProps) => PolicyViolation[]>> = {
  [RESOURCE_TYPES.storageAccount]: storageAccountViolations,
  [RESOURCE_TYPES.blobService]: blobServiceViolations,
  [RESOURCE_TYPES.blobContainer]: blobContainerViolations,
  [RESOURCE_TYPES.roleAssignment]: roleAssignmentViolations,
};

/** The violations of a resource of any type; types without a rule have none. */
export function policyViolations(type: string, props: ResourceProps): PolicyViolation[] {
  return CHECKS[type]?.(props) ?? [];
}
