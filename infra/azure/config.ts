/**
 * The Pulumi stack configuration (namespace `hybrid-lake`), read once and validated as a whole:
 * every problem is reported at once, each naming its key and how to fix it. The AWS values (the
 * issuer, the role and the transfer function's egress addresses) are written by
 * `npm run link-clouds` from the ReplicationStack's outputs.
 */
import { ENVIRONMENT_NAMES, type EnvironmentName } from '../platform';

export const CONFIG_NAMESPACE = 'hybrid-lake';

/** Where the configuration comes from: `new pulumi.Config('hybrid-lake')` in a deployment. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export interface StackConfig {
  /** Environment of the platform definition (`environment`). @default the stack name */
  readonly environment: EnvironmentName;
  /** Azure region (`location`). @default 'westeurope' */
  readonly location: string;
  /** Public IPv4 addresses and CIDR ranges the storage firewall admits (`allowedIpRanges`). @default [] */
  readonly allowedIpRanges: readonly string[];
  /**
   * The transfer function's NAT addresses as link-clouds last wrote them into `allowedIpRanges`
   * (`awsEgressIps`); every one must still be admitted there. @default [] (not linked yet)
   */
  readonly awsEgressIps: readonly string[];
  /** Allow Shared Key (account key and SAS) requests (`sharedKeyAccess`). @default false */
  readonly sharedKeyAccess: boolean;
  /** Log Analytics workspace resource id for diagnostic settings (`logAnalyticsWorkspaceId`). @default undefined (none) */
  readonly logAnalyticsWorkspaceId?: string;
  /** Issuer URL of the AWS account's outbound identity federation (`awsIssuerUrl`, required). */
  readonly awsIssuerUrl: string;
  /** IAM role ARN of the s3-to-adls function: the federated credential's subject (`transferRoleArn`, required). */
  readonly transferRoleArn: string;
  /** Leave the resource group, account and file systems unprotected, so `pulumi destroy` can delete them (`allowDestroy`). @default false */
  readonly allowDestroy: boolean;
}

/** The stack configuration is missing or wrong; `issues` holds one `key: problem` line each. */
export class StackConfigError extends Error {
  override readonly name = 'StackConfigError';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid Pulumi stack configuration:\n  - ${issues.join('\n  - ')}`);
  }
}

const LINK_HINT = 'run `npm run link-clouds` after deploying the AWS ReplicationStack';
const AZURE_REGION = /^[a-z]+[a-z0-9]*$/;
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const WORKSPACE_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

export function readStackConfig(source: ConfigSource, stackName: string): StackConfig {
  const issues: string[] = [];
  const key = (name: string) => `${CONFIG_NAMESPACE}:${name}`;
  const text = (name: string) => {
    const value = source.get(name)?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const environment = text('environment') ?? stackName;
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(environment)) {
    issues.push(
      `${key('environment')}: "${environment}" is not an environment of the platform definition ` +
        `(${ENVIRONMENT_NAMES.join(', ')}); name the stack after one or set ${key('environment')}`,
    );
  }

  const location = text('location') ?? 'westeurope';
  if (!AZURE_REGION.test(location)) {
    issues.push(`${key('location')}: "${location}" is not an Azure region name such as westeurope`);
  }

  const allowedIpRanges = parseList(text('allowedIpRanges'), key('allowedIpRanges'), issues);
  for (const range of allowedIpRanges) {
    const problem = ipRuleProblem(range);
    if (problem) issues.push(`${key('allowedIpRanges')}: "${range}" ${problem}`);
  }
  // Without its addresses in the firewall, every copy of the mirror fails with 403.
  const awsEgressIps = parseList(text('awsEgressIps'), key('awsEgressIps'), issues);
  for (const address of awsEgressIps) {
    if (!allowedIpRanges.includes(address)) {
      issues.push(
        `${key('allowedIpRanges')}: lacks ${address}, an egress address of the transfer function (${key('awsEgressIps')}); ${LINK_HINT}`,
      );
    }
  }

  const sharedKeyAccess = parseBoolean(text('sharedKeyAccess'), key('sharedKeyAccess'), issues);
  const allowDestroy = parseBoolean(text('allowDestroy'), key('allowDestroy'), issues);

  const logAnalyticsWorkspaceId = text('logAnalyticsWorkspaceId');
  if (logAnalyticsWorkspaceId !== undefined && !WORKSPACE_ID.test(logAnalyticsWorkspaceId)) {
    issues.push(
      `${key('logAnalyticsWorkspaceId')}: must be a workspace resource id, ` +
        '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>',
    );
  }

  const awsIssuerUrl = text('awsIssuerUrl');
  if (awsIssuerUrl === undefined) {
    issues.push(`${key('awsIssuerUrl')}: not set; ${LINK_HINT}`);
  } else if (!isHttpsUrl(awsIssuerUrl)) {
    issues.push(`${key('awsIssuerUrl')}: "${awsIssuerUrl}" must be an https URL; ${LINK_HINT}`);
  }

  const transferRoleArn = text('transferRoleArn');
  if (transferRoleArn === undefined) {
    issues.push(`${key('transferRoleArn')}: not set; ${LINK_HINT}`);
  } else if (!IAM_ROLE_ARN.test(transferRoleArn)) {
    issues.push(
      `${key('transferRoleArn')}: "${transferRoleArn}" is not an IAM role ARN; ${LINK_HINT}`,
    );
  }

  if (issues.length > 0) throw new StackConfigError(issues);
  return {
    environment: environment as EnvironmentName,
    location,
    allowedIpRanges,
    awsEgressIps,
    sharedKeyAccess,
    ...(logAnalyticsWorkspaceId !== undefined && { logAnalyticsWorkspaceId }),
    awsIssuerUrl: awsIssuerUrl ?? '',
    transferRoleArn: transferRoleArn ?? '',
    allowDestroy,
  };
}

function parseList(value: string | undefined, name: string, issues: string[]): string[] {
  if (value === undefined) return [];
  const list = parseConfigList(value);
  if (list !== undefined) return list;
  issues.push(`${name}: must be a list of strings, e.g. ["203.0.113.7", "198.51.100.0/24"]`);
  return [];
}

/**
 * A list as Pulumi hands it to the program: a YAML list arrives as a JSON array of strings
 * (`pulumi config set --path 'allowedIpRanges[0]' …`), a plain value as a comma-separated list.
 * Undefined when the value is JSON but not a list of strings.
 */
export function parseConfigList(value: string): string[] | undefined {
  if (!value.trim().startsWith('[')) {
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) {
      return parsed.map((item: string) => item.trim());
    }
  } catch {
    // Not a list: the caller says what would be.
  }
  return undefined;
}

function parseBoolean(value: string | undefined, name: string, issues: string[]): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  issues.push(`${name}: "${value}" must be true or false`);
  return false;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Why the storage firewall would refuse this IP rule, or undefined when it takes it: public IPv4
 * only, and no /31 or /32 prefix (Azure wants single addresses written without one).
 */
export function ipRuleProblem(range: string): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(range);
  if (!match) return 'is not an IPv4 address or CIDR range';
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((octet) => octet > 255)) return 'is not an IPv4 address or CIDR range';
  const prefix = match[5] === undefined ? undefined : Number(match[5]);
  if (prefix !== undefined && (prefix < 8 || prefix > 30)) {
    return 'must have a prefix from /8 to /30 (write a single address without /32)';
  }
  const [a = 0, b = 0] = octets;
  const isPrivate =
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254);
  if (isPrivate)
    return 'is a private or reserved range; the storage firewall admits public addresses only';
  return undefined;
}
