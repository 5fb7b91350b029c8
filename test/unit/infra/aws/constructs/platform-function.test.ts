import { App, Duration, Stack, aws_ec2 as ec2, aws_logs as logs } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  PlatformFunction,
  VPC_NETWORK_INTERFACE_ACTIONS,
  type PlatformFunctionProps,
} from '../../../../../infra/aws/constructs/platform-function';
import { cdkJsonContext } from '../../../../../infra/aws/synthesize';

/** A function whose handler is not bundled (unit tests skip bundling), with `extra` props. */
function functionTemplate(extra: (stack: Stack) => Partial<PlatformFunctionProps>): Template {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Stack');
  new PlatformFunction(stack, 'Fn', {
    functionName: 'fn',
    description: 'test',
    handlerEntry: '/nonexistent/handler.ts',
    memorySize: 512,
    timeout: Duration.seconds(30),
    environment: {},
    logRetention: logs.RetentionDays.ONE_WEEK,
    logKeyAlias: 'alias/fn-logs',
    ...extra(stack),
  });
  return Template.fromStack(stack);
}

const networkStatement = {
  Sid: 'ManageVpcNetworkInterfaces',
  Effect: 'Allow',
  Action: [...VPC_NETWORK_INTERFACE_ACTIONS].sort(),
  Resource: '*',
};

describe('PlatformFunction network', () => {
  it('defaults to no VPC, and then grants no network-interface actions', () => {
    const template = functionTemplate(() => ({}));

    template.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.not(Match.arrayWith([networkStatement])) },
    });
  });

  it('places the function in the given subnets and group, and lets Lambda attach it', () => {
    const template = functionTemplate((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 1, maxAzs: 2 });
      const securityGroup = new ec2.SecurityGroup(stack, 'Group', { vpc });
      return {
        network: {
          vpc,
          subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          securityGroup,
        },
      };
    });

    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet1') },
          { Ref: Match.stringLikeRegexp('^VpcPrivateSubnet2') },
        ],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Group'), 'GroupId'] }],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([networkStatement]) },
    });
    // The role keeps its own statements only: no AWSLambdaVPCAccessExecutionRole attached.
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
  });
});
