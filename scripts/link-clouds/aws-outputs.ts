/**
 * Reads what the Azure side needs from the ReplicationStack outputs, in either shape they come in:
 * `cdk deploy --outputs-file` (`{ "<stack>": { "<key>": "<value>" } }`) or a CloudFormation
 * DescribeStacks response (`{ "Stacks": [{ "StackName", "Outputs": [{ OutputKey, OutputValue }] }] }`).
 */
import { REPLICATION_OUTPUTS } from '../../infra/aws/stacks/replication-outputs';
import { ipRuleProblem } from '../../infra/azure/config';
import { LinkInputError } from './errors';

export interface AwsLinkValues {
  readonly issuerUrl: string;
  readonly transferRoleArn: string;
  /** The NAT gateways' Elastic IPs: where the transfer function's requests to Azure come from. */
  readonly egressIps: readonly string[];
}

/** A role ARN, with an optional path; the federated credential's subject must be exactly this. */
const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export function parseAwsOutputs(
  document: unknown,
  stackName: string,
  source: string,
): AwsLinkValues {
  const outputs = stackOutputs(document, stackName, source);
  const read = (key: string, hint: string): string => {
    const value = outputs[key];
    if (value === undefined) {
      throw new LinkInputError(`${source}: stack ${stackName} has no output ${key}; ${hint}`);
    }
    if (typeof value !== 'string') {
      throw new LinkInputError(
        `${source}: output ${key} of ${stackName} must be a string, got ${JSON.stringify(value)}`,
      );
    }
    return value.trim();
  };
  const issuerUrl = read(
    REPLICATION_OUTPUTS.issuerUrl,
    'deploy the replication stack in federated mode (the default, without -c adlsAuthMode=service-principal) first',
  );
  const transferRoleArn = read(
    REPLICATION_OUTPUTS.transferRoleArn,
    'deploy the replication stack first',
  );
  const issuerProblem = httpsUrlProblem(issuerUrl);
  if (issuerProblem !== undefined) {
    throw new LinkInputError(
      `${source}: ${REPLICATION_OUTPUTS.issuerUrl} ${issuerProblem}, got ${JSON.stringify(issuerUrl)}`,
    );
  }
  if (!IAM_ROLE_ARN.test(transferRoleArn)) {
    throw new LinkInputError(
      `${source}: ${REPLICATION_OUTPUTS.transferRoleArn} must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got ${JSON.stringify(transferRoleArn)}`,
    );
  }
  const egressIps = parseEgressIps(
    read(
      REPLICATION_OUTPUTS.egressIps,
      'deploy the network and replication stacks of this version first (the transfer function runs behind NAT gateways with Elastic IPs)',
    ),
    source,
  );
  return { issuerUrl, transferRoleArn, egressIps };
}

/** The comma-separated addresses, each one the storage firewall accepts, at least one. */
function parseEgressIps(value: string, source: string): string[] {
  const addresses = value
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean);
  if (addresses.length === 0) {
    throw new LinkInputError(
      `${source}: ${REPLICATION_OUTPUTS.egressIps} holds no address; the transfer function would have no way to Azure`,
    );
  }
  for (const address of addresses) {
    const problem = ipRuleProblem(address);
    if (problem !== undefined) {
      throw new LinkInputError(
        `${source}: ${REPLICATION_OUTPUTS.egressIps}: "${address}" ${problem}`,
      );
    }
  }
  return [...new Set(addresses)];
}

/** Entra ID fetches the issuer's OpenID configuration, so only a plain https URL will do. */
function httpsUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol !== 'https:') return 'must be an https:// URL';
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return 'must be a plain https:// URL (no credentials, query or fragment)';
  }
  return undefined;
}

function stackOutputs(
  document: unknown,
  stackName: string,
  source: string,
): Readonly<Record<string, unknown>> {
  if (!isRecord(document)) {
    throw new LinkInputError(`${source}: expected a JSON object of stack outputs`);
  }
  const stacks = document.Stacks;
  if (stacks !== undefined) return describeStacksOutputs(stacks, stackName, source);
  const outputs = document[stackName];
  if (outputs === undefined) {
    const found = Object.keys(document);
    throw new LinkInputError(
      `${source}: no outputs of stack ${stackName} (found ${found.length > 0 ? found.join(', ') : 'none'}); ` +
        'pass the file written by `cdk deploy --outputs-file` for this environment',
    );
  }
  if (!isRecord(outputs)) {
    throw new LinkInputError(`${source}: the outputs of ${stackName} must be an object`);
  }
  return outputs;
}

function describeStacksOutputs(
  stacks: unknown,
  stackName: string,
  source: string,
): Record<string, unknown> {
  if (!Array.isArray(stacks)) {
    throw new LinkInputError(`${source}: Stacks must be a list, as DescribeStacks returns it`);
  }
  const stack: unknown = stacks.find(
    (candidate) => isRecord(candidate) && candidate.StackName === stackName,
  );
  if (!isRecord(stack)) {
    throw new LinkInputError(`${source}: DescribeStacks holds no stack named ${stackName}`);
  }
  const outputs = stack.Outputs ?? [];
  if (!Array.isArray(outputs)) {
    throw new LinkInputError(`${source}: Outputs of ${stackName} must be a list`);
  }
  const byKey: Record<string, unknown> = {};
  for (const output of outputs) {
    if (!isRecord(output) || typeof output.OutputKey !== 'string') {
      throw new LinkInputError(`${source}: every output of ${stackName} needs an OutputKey`);
    }
    byKey[output.OutputKey] = output.OutputValue;
  }
  return byKey;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
