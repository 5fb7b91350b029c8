import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAwsOutputs } from '../../../../scripts/link-clouds/aws-outputs';
import { LinkInputError } from '../../../../scripts/link-clouds/errors';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
const STACK = 'hybrid-lake-dev-replication';
const issuer = 'https://3f1c9a52-7d4e-4b8a-9c61-0e2f5b7a8d13.tokens.sts.global.api.aws';
const role =
  'arn:aws:iam::123456789012:role/hybrid-lake-dev-replication-TransferRoleA281201F-Q2w3E4r5T6y7';
const withOutputs = (outputs: Record<string, unknown>) => ({ [STACK]: outputs });
const linked = { OutboundIssuerUrl: issuer, TransferRoleArn: role };

describe('parseAwsOutputs', () => {
  it.each(['cdk-outputs.json', 'describe-stacks.json'])(
    'reads the issuer, the transfer role and its egress addresses from %s',
    (name) => {
      expect(parseAwsOutputs(fixture(name), STACK, name)).toEqual({
        issuerUrl: issuer,
        transferRoleArn: role,
        egressIps: ['192.0.2.44'],
      });
    },
  );

  it('accepts a role with a path', () => {
    const pathRole = 'arn:aws:iam::123456789012:role/service/hybrid-lake/transfer';
    expect(
      parseAwsOutputs(
        withOutputs({ ...linked, TransferRoleArn: pathRole, TransferEgressIps: '192.0.2.44' }),
        STACK,
        'f',
      ).transferRoleArn,
    ).toBe(pathRole);
  });

  it("reads every NAT gateway's address of a multi-zone deployment, once each", () => {
    expect(
      parseAwsOutputs(
        withOutputs({
          ...linked,
          TransferEgressIps: '192.0.2.44, 192.0.2.45,192.0.2.46,192.0.2.44',
        }),
        STACK,
        'f',
      ).egressIps,
    ).toEqual(['192.0.2.44', '192.0.2.45', '192.0.2.46']);
  });

  it.each([
    [[], 'f: expected a JSON object of stack outputs'],
    [
      { 'hybrid-lake-prod-replication': {} },
      'f: no outputs of stack hybrid-lake-dev-replication (found hybrid-lake-prod-replication)',
    ],
    [{ Stacks: {} }, 'f: Stacks must be a list'],
    [{ Stacks: [] }, 'f: DescribeStacks holds no stack named hybrid-lake-dev-replication'],
    [
      { Stacks: [{ StackName: STACK, Outputs: [{ OutputValue: 'x' }] }] },
      'every output of hybrid-lake-dev-replication needs an OutputKey',
    ],
    [
      withOutputs({ TransferRoleArn: role }),
      'has no output OutboundIssuerUrl; deploy the replication stack in federated mode',
    ],
    [withOutputs({ OutboundIssuerUrl: issuer }), 'has no output TransferRoleArn'],
    [
      withOutputs({ OutboundIssuerUrl: 42, TransferRoleArn: role }),
      'output OutboundIssuerUrl of hybrid-lake-dev-replication must be a string, got 42',
    ],
    [
      withOutputs({ OutboundIssuerUrl: 'http://issuer.example', TransferRoleArn: role }),
      'OutboundIssuerUrl must be an https:// URL, got "http://issuer.example"',
    ],
    [
      withOutputs({ OutboundIssuerUrl: 'issuer.example', TransferRoleArn: role }),
      'OutboundIssuerUrl must be a URL',
    ],
    [
      withOutputs({ OutboundIssuerUrl: `${issuer}?x=1`, TransferRoleArn: role }),
      'must be a plain https:// URL',
    ],
    [
      withOutputs({
        OutboundIssuerUrl: issuer,
        TransferRoleArn: 'arn:aws:iam::123456789012:user/alice',
      }),
      'TransferRoleArn must be an IAM role ARN',
    ],
    [
      withOutputs({
        OutboundIssuerUrl: issuer,
        TransferRoleArn: 'arn:aws:lambda:eu-west-1:123456789012:function:x',
      }),
      'TransferRoleArn must be an IAM role ARN',
    ],
    [withOutputs(linked), 'has no output TransferEgressIps; deploy the network and replication'],
    [withOutputs({ ...linked, TransferEgressIps: ' , ' }), 'TransferEgressIps holds no address'],
    [
      withOutputs({ ...linked, TransferEgressIps: '192.0.2.44,10.0.1.5' }),
      'TransferEgressIps: "10.0.1.5" is a private or reserved range',
    ],
    [
      withOutputs({ ...linked, TransferEgressIps: '192.0.2.44/32' }),
      'TransferEgressIps: "192.0.2.44/32" must have a prefix from /8 to /30',
    ],
  ])('rejects %j with a clear message', (document, message) => {
    expect(() => parseAwsOutputs(document, STACK, 'f')).toThrow(LinkInputError);
    expect(() => parseAwsOutputs(document, STACK, 'f')).toThrow(message);
  });
});
