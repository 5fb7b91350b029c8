import {
  ipRuleProblem,
  readStackConfig,
  StackConfigError,
  type ConfigSource,
} from '../../../../infra/azure/config';
import { ISSUER_URL, TRANSFER_ROLE_ARN } from './deploy-fixture';

const source = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });
const LINKED = { awsIssuerUrl: ISSUER_URL, transferRoleArn: TRANSFER_ROLE_ARN };

function issuesOf(values: Record<string, string>, stack = 'dev'): readonly string[] {
  try {
    readStackConfig(source(values), stack);
  } catch (error) {
    if (error instanceof StackConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a StackConfigError');
}

describe('stack configuration defaults', () => {
  const config = readStackConfig(source(LINKED), 'dev');

  it('takes the environment from the stack name', () => expect(config.environment).toBe('dev'));
  it('deploys to westeurope', () => expect(config.location).toBe('westeurope'));
  it('admits no IP ranges', () => expect(config.allowedIpRanges).toEqual([]));
  it('records no AWS egress addresses', () => expect(config.awsEgressIps).toEqual([]));
  it('refuses Shared Key', () => expect(config.sharedKeyAccess).toBe(false));
  it('sends no diagnostics', () => expect(config.logAnalyticsWorkspaceId).toBeUndefined());
  it('protects data', () => expect(config.allowDestroy).toBe(false));
  it('keeps the AWS values as given', () =>
    expect(config).toMatchObject({ awsIssuerUrl: ISSUER_URL, transferRoleArn: TRANSFER_ROLE_ARN }));
});

describe('stack configuration values', () => {
  it('reads every key', () => {
    const workspace =
      '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs';
    expect(
      readStackConfig(
        source({
          ...LINKED,
          environment: 'prod',
          location: 'northeurope',
          allowedIpRanges: '["203.0.113.7", "198.51.100.0/24"]',
          awsEgressIps: '203.0.113.7',
          sharedKeyAccess: 'true',
          logAnalyticsWorkspaceId: workspace,
          allowDestroy: 'true',
        }),
        'prod-eu',
      ),
    ).toEqual({
      ...LINKED,
      environment: 'prod',
      location: 'northeurope',
      allowedIpRanges: ['203.0.113.7', '198.51.100.0/24'],
      awsEgressIps: ['203.0.113.7'],
      sharedKeyAccess: true,
      logAnalyticsWorkspaceId: workspace,
      allowDestroy: true,
    });
  });

  it('accepts a comma-separated list of ranges', () =>
    expect(
      readStackConfig(source({ ...LINKED, allowedIpRanges: '203.0.113.7, 198.51.100.0/24' }), 'dev')
        .allowedIpRanges,
    ).toEqual(['203.0.113.7', '198.51.100.0/24']));
});

describe('stack configuration errors', () => {
  it('names link-clouds when the AWS values are missing', () => {
    expect(issuesOf({})).toEqual([
      'hybrid-lake:awsIssuerUrl: not set; run `npm run link-clouds` after deploying the AWS ReplicationStack',
      'hybrid-lake:transferRoleArn: not set; run `npm run link-clouds` after deploying the AWS ReplicationStack',
    ]);
  });

  it('refuses an issuer that is not https and a subject that is not a role ARN', () => {
    const issues = issuesOf({
      awsIssuerUrl: 'http://issuer.example',
      transferRoleArn: 'arn:aws:iam::123456789012:user/someone',
    });
    expect(issues).toEqual([
      expect.stringMatching(/^hybrid-lake:awsIssuerUrl: .* must be an https URL/),
      expect.stringMatching(/^hybrid-lake:transferRoleArn: .* is not an IAM role ARN/),
    ]);
  });

  it('refuses a stack that names no environment', () =>
    expect(issuesOf(LINKED, 'staging')).toEqual([
      expect.stringMatching(
        /^hybrid-lake:environment: "staging" is not an environment .*\(dev, prod\)/,
      ),
    ]));

  it('reports every problem at once', () => {
    const issues = issuesOf({
      environment: 'qa',
      location: 'West Europe',
      allowedIpRanges: '{"not":"a list"}',
      sharedKeyAccess: 'yes',
      logAnalyticsWorkspaceId: 'logs',
    });
    expect(issues.map((issue) => issue.split(':')[1])).toEqual([
      'environment',
      'location',
      'allowedIpRanges',
      'sharedKeyAccess',
      'logAnalyticsWorkspaceId',
      'awsIssuerUrl',
      'transferRoleArn',
    ]);
  });

  it('refuses a firewall that no longer admits an egress address link-clouds wrote', () =>
    expect(
      issuesOf({
        ...LINKED,
        allowedIpRanges: '["203.0.113.7"]',
        awsEgressIps: '203.0.113.7,198.51.100.20',
      }),
    ).toEqual([
      expect.stringMatching(
        /^hybrid-lake:allowedIpRanges: lacks 198\.51\.100\.20, an egress address of the transfer function \(hybrid-lake:awsEgressIps\); run `npm run link-clouds`/,
      ),
    ]));

  it('explains a bad IP range in the error message', () =>
    expect(() =>
      readStackConfig(source({ ...LINKED, allowedIpRanges: '["10.0.0.0/8"]' }), 'dev'),
    ).toThrow(/allowedIpRanges: "10\.0\.0\.0\/8" is a private or reserved range/));
});

describe('storage firewall IP rules', () => {
  it.each(['203.0.113.7', '198.51.100.0/24', '52.0.0.0/8', '8.8.8.0/30'])('accepts %s', (range) =>
    expect(ipRuleProblem(range)).toBeUndefined(),
  );

  it.each([
    ['203.0.113.7/32', /without \/32/],
    ['203.0.113.6/31', /prefix/],
    ['0.0.0.0/0', /prefix/],
    ['10.1.2.3', /private/],
    ['172.20.0.0/16', /private/],
    ['192.168.1.0/24', /private/],
    ['300.1.1.1', /not an IPv4/],
    ['2001:db8::1', /not an IPv4/],
    ['example.com', /not an IPv4/],
  ])('refuses %s', (range, problem) => expect(ipRuleProblem(range)).toMatch(problem));
});
