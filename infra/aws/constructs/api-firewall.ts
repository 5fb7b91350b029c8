import { ArnFormat, RemovalPolicy, Stack, aws_logs as logs, aws_wafv2 as wafv2 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, resourcePrefix, type Platform } from '../../platform';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface ApiFirewallProps {
  readonly platform: Platform;
  /** ARN of the API stage the web ACL protects. */
  readonly stageArn: string;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The rules in priority order; their names are the metric names in CloudWatch. */
export const API_FIREWALL_RULES = {
  rateLimit: 'requests-per-ip',
  ipReputation: 'aws-ip-reputation',
  knownBadInputs: 'aws-known-bad-inputs',
} as const;

/**
 * AWS WAF in front of the API stage: a rate-based rule that blocks one address sending more
 * than the definition allows in 5 minutes (a runaway client or a flood, before it costs Lambda
 * concurrency), and two AWS managed rule groups that need no tuning for a JSON API: addresses
 * with a bad reputation, and request patterns of known exploits (Log4j, …). The common rule set
 * is left out: its 8 KB body-size rule would block the API's batches. Requests the firewall
 * blocks are logged to a KMS-encrypted group (WAF requires the `aws-waf-logs-` prefix).
 */
export class ApiFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const name = `${resourcePrefix(platform)}-marketplace-api`;
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    const managed = (
      priority: number,
      ruleName: string,
      groupName: string,
    ): wafv2.CfnWebACL.RuleProperty => ({
      name: ruleName,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: groupName } },
      visibilityConfig: visibility(ruleName),
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rules: [
        {
          name: API_FIREWALL_RULES.rateLimit,
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: platform.marketplaceApi.wafRequestsPerFiveMinutesPerIp,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility(API_FIREWALL_RULES.rateLimit),
        },
        managed(1, API_FIREWALL_RULES.ipReputation, 'AWSManagedRulesAmazonIpReputationList'),
        managed(2, API_FIREWALL_RULES.knownBadInputs, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    const logs_ = new EncryptedLogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${name}`,
      keyAlias: keyAlias(platform, 'marketplace-api-waf-logs'),
      description: "Encrypts the marketplace API firewall's logs",
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy,
    });
    this.logGroup = logs_.logGroup;
    new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF takes the group's ARN without the `:*` CloudFormation's attribute ends in.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: this.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // Only what was blocked: allowed requests are in the stage's access log already.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }],
          },
        ],
      },
      // The SigV4 header names the caller's access key, and a role's calls carry its session
      // token, a credential in itself: neither belongs in a log.
      redactedFields: [
        { singleHeader: { Name: 'authorization' } },
        { singleHeader: { Name: 'x-amz-security-token' } },
      ],
    });
  }
}
