import { Match, Template } from 'aws-cdk-lib/assertions';
import { loadPlatform } from '../../../../../infra/platform';
import { marketplaceOpenApi } from '../../../../../infra/aws/marketplace-api/openapi';
import { synth } from '../../../../fixtures/synth';
import { synthWithNag } from '../../../../fixtures/nag-synth';

type Json = Record<string, any>;

describe.each(['dev', 'prod'])('the marketplace API stack in %s', (env) => {
  const synthesized = synth({ env });
  const stack = synthesized.stacks.marketplaceApi;
  const template = Template.fromJSON(
    synthesized.assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
  );
  const platform = loadPlatform(env);
  const api = platform.marketplaceApi;
  const origin = platform.environment.marketplaceApi.allowedOrigin!;

  it('is a regional REST API with one stage named api that throttles, traces and logs JSON', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: `hybrid-lake-${env}-marketplace-api`,
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'api',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
      MethodSettings: [
        Match.objectLike({
          DataTraceEnabled: false,
          LoggingLevel: 'ERROR',
          MetricsEnabled: true,
          ThrottlingRateLimit: api.throttling.rateLimit,
          ThrottlingBurstLimit: api.throttling.burstLimit,
        }),
      ],
    });
  });

  it('authorises every method but the CORS preflights with IAM', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')) as Json[];
    const byVerb = (verb: string) =>
      methods.filter((method) => method.Properties.HttpMethod === verb);
    expect(byVerb('POST')).toHaveLength(api.ingestion.length);
    for (const method of [...byVerb('POST'), ...byVerb('GET')]) {
      expect(method.Properties.AuthorizationType).toBe('AWS_IAM');
    }
    for (const preflight of byVerb('OPTIONS')) {
      expect(preflight.Properties.AuthorizationType).toBe('NONE');
      const headers = preflight.Properties.Integration.IntegrationResponses[0].ResponseParameters;
      expect(headers['method.response.header.Access-Control-Allow-Origin']).toBe(`'${origin}'`);
      expect(headers['method.response.header.Access-Control-Allow-Headers']).toContain(
        'Idempotency-Key',
      );
    }
    expect(byVerb('OPTIONS').length).toBeGreaterThan(0);
  });

  it('sends the ingestion resources to the function through Lambda proxy integrations', () => {
    for (const path of ['transactions', 'user-interactions']) {
      template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: path });
    }
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
    });
  });

  it('serves the OpenAPI document generated from the definition', () => {
    const [get] = (
      Object.values(template.findResources('AWS::ApiGateway::Method')) as Json[]
    ).filter(
      (method) =>
        method.Properties.HttpMethod === 'GET' && method.Properties.Integration.Type === 'MOCK',
    );
    const templateText: string =
      get!.Properties.Integration.IntegrationResponses[0].ResponseTemplates['application/json'];
    const encoded = /^\$util\.base64Decode\("([A-Za-z0-9+/=]+)"\)$/.exec(templateText)![1]!;
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(
      marketplaceOpenApi(platform),
    );
  });

  it('rate-limits each address with WAF, blocks bad reputations and known exploits, on the stage', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        Match.objectLike({
          Action: { Block: {} },
          Statement: {
            RateBasedStatement: {
              Limit: api.wafRequestsPerFiveMinutesPerIp,
              AggregateKeyType: 'IP',
              EvaluationWindowSec: 300,
            },
          },
        }),
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: { Name: 'AWSManagedRulesAmazonIpReputationList' },
          },
        }),
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: { Name: 'AWSManagedRulesKnownBadInputsRuleSet' },
          },
        }),
      ],
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'x-amz-security-token' } },
      ],
    });
  });

  it('runs the function in the isolated subnets, configured for MSK IAM and the key table', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `hybrid-lake-${env}-ingest-events`,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      Environment: {
        Variables: Match.objectLike({
          PLATFORM_ENV: env,
          KAFKA_AUTH: 'iam',
          IDEMPOTENCY_TABLE_NAME: Match.anyValue(),
          KAFKA_BOOTSTRAP_SERVERS: Match.anyValue(),
          ALLOWED_ORIGIN: origin,
        }),
      },
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: `hybrid-lake-${env}-ingest-events-idempotency`,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('lets the function produce to the two ingestion topics only, idempotently', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Json[];
    const statements = policies.flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Json[],
    );
    const sid = (name: string) => statements.find((statement) => statement.Sid === name)!;
    expect(sid('ConnectAsIdempotentProducer').Action).toEqual([
      'kafka-cluster:Connect',
      'kafka-cluster:WriteDataIdempotently',
    ]);
    const write = sid('WriteTheIngestionTopics');
    expect(write.Action).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData']);
    expect(JSON.stringify(write.Resource)).toMatch(/purchases/);
    expect(JSON.stringify(write.Resource)).toMatch(/interactions/);
    expect(JSON.stringify(write.Resource)).not.toMatch(/web-logs|access-events/);
  });

  it("gives the marketplace's role a policy to invoke the API's methods and nothing else", () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: `hybrid-lake-${env}-marketplace-api-invoke`,
      PolicyDocument: {
        Statement: [Match.objectLike({ Action: 'execute-api:Invoke', Effect: 'Allow' })],
      },
    });
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as Json[];
    const resources = JSON.stringify(policy!.Properties.PolicyDocument.Statement[0].Resource);
    expect(resources).toContain('/api/POST/v1/transactions');
    expect(resources).toContain('/api/GET/v1/recommendations/*');
    expect(resources).toContain('/api/GET/v1/openapi.json');
  });

  describe('the recommendations route', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: `hybrid-lake-${env}-recommend` },
    });
    const [functionId, recommender] = Object.entries(functions)[0]! as [string, Json];
    const roleId = recommender.Properties.Role['Fn::GetAtt'][0] as string;
    const statements = (Object.values(template.findResources('AWS::IAM::Policy')) as Json[])
      .filter((policy) => (policy.Properties.Roles as Json[]).some((role) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[]);
    const tableId = (name: string) =>
      Object.entries(template.findResources('AWS::DynamoDB::Table')).find(
        ([, table]) => table.Properties.TableName === `hybrid-lake-${env}-${name}`,
      )![0];
    const keyOf = (name: string) =>
      (template.findResources('AWS::DynamoDB::Table')[tableId(name)] as Json).Properties
        .SSESpecification.KMSMasterKeyId['Fn::GetAtt'][0] as string;

    it('is GET /v1/recommendations/{user_id}, IAM-authorised, its parameters declared and validated', () => {
      const resources = template.findResources('AWS::ApiGateway::Resource');
      const [userIdResource] = Object.entries(resources).find(
        ([, resource]) => resource.Properties.PathPart === '{user_id}',
      )!;
      const parent = (resources[userIdResource] as Json).Properties.ParentId.Ref as string;
      expect((resources[parent] as Json).Properties.PathPart).toBe('recommendations');
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'GET',
        ResourceId: { Ref: userIdResource },
        AuthorizationType: 'AWS_IAM',
        RequestParameters: {
          'method.request.path.user_id': true,
          'method.request.querystring.limit': false,
        },
        RequestValidatorId: Match.anyValue(),
        Integration: {
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
          Uri: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [functionId, 'Arn'] }])],
          }),
        },
      });
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'OPTIONS',
        ResourceId: { Ref: userIdResource },
      });
    });

    it('runs the recommender in the isolated subnets, in a group of its own, told where the tables are', () => {
      expect(recommender.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 1024,
        Timeout: 10,
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: {
            PLATFORM_ENV: env,
            RECENT_ACTIVITY_TABLE_NAME: { Ref: tableId('recent-activity') },
            RECOMMENDATION_MODEL_TABLE_NAME: { Ref: tableId('recommendation-model') },
            ALLOWED_ORIGIN: origin,
            NODE_OPTIONS: '--enable-source-maps',
          },
        },
      });
      const groups = recommender.Properties.VpcConfig.SecurityGroupIds as Json[];
      expect(groups).toHaveLength(1);
      const group = template.findResources('AWS::EC2::SecurityGroup')[
        groups[0]!['Fn::GetAtt'][0] as string
      ] as Json;
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
      // The isolated subnets' group (SUBNET_GROUPS.isolated), one per zone.
      const subnets = JSON.stringify(recommender.Properties.VpcConfig.SubnetIds);
      expect(subnets.match(/ExportsOutputRefVpcprivateSubnet\dSubnet/g)).toHaveLength(3);
      expect(subnets).not.toMatch(/egress|public/i);
    });

    it('may query the activity, read the model and decrypt their keys, and nothing else', () => {
      const granted = statements
        .filter(
          (statement) => statement.Sid === undefined || !/Logs|Network/.test(String(statement.Sid)),
        )
        .filter((statement) => !JSON.stringify(statement.Action).includes('xray:'))
        .map((statement) => ({ action: statement.Action, resource: statement.Resource }));

      expect(granted).toEqual([
        {
          action: 'dynamodb:Query',
          resource: { 'Fn::GetAtt': [tableId('recent-activity'), 'Arn'] },
        },
        {
          action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
          resource: { 'Fn::GetAtt': [tableId('recommendation-model'), 'Arn'] },
        },
        {
          action: 'kms:Decrypt',
          resource: [
            { 'Fn::GetAtt': [keyOf('recent-activity'), 'Arn'] },
            { 'Fn::GetAtt': [keyOf('recommendation-model'), 'Arn'] },
          ],
        },
      ]);
      expect(JSON.stringify(statements)).not.toMatch(/PutItem|UpdateItem|DeleteItem|Scan|kafka/);
    });

    it('alarms when an invocation fails as a whole', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `hybrid-lake-${env}-recommend-errors`,
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      });
    });
  });

  it("fills the recent-activity table from the definition's activity topics, outside the VPC", () => {
    const [activityFunction] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { FunctionName: `hybrid-lake-${env}-record-activity` },
      }),
    ) as Json[];
    expect(activityFunction!.Properties.VpcConfig).toBeUndefined();
    expect(activityFunction!.Properties.Environment.Variables.RECENT_ACTIVITY_TABLE_NAME).toEqual({
      Ref: expect.stringMatching(/^RecommendationTablesRecentActivity/),
    });
    const mappings = Object.values(
      template.findResources('AWS::Lambda::EventSourceMapping'),
    ) as Json[];
    expect(mappings.map((mapping) => mapping.Properties.Topics[0] as string).sort()).toEqual(
      [...api.recommendations.activityTopics].sort(),
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `hybrid-lake-${env}-record-activity-dead-letters`,
    });
  });

  it('alarms on 5xx answers and on failed invocations', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `hybrid-lake-${env}-marketplace-api-5xx`,
      MetricName: '5XXError',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `hybrid-lake-${env}-ingest-events-errors`,
    });
  });
});

describe.each(['dev', 'prod'])('cdk-nag AwsSolutions on the marketplace API in %s', (env) => {
  it('finds nothing unacknowledged', () => {
    const { findings } = synthWithNag({ env });
    expect(findings).toEqual([]);
  });
});
