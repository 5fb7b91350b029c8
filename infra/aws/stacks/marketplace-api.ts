import {
  type CfnElement,
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
  aws_apigateway as apigateway,
  aws_cloudwatch as cloudwatch,
  type aws_ec2 as ec2,
  aws_iam as iam,
  aws_logs as logs,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { keyAlias, type Platform } from '../../platform';
import {
  API_STAGE_NAME,
  CORS_ALLOWED_HEADERS,
  ingestionResourcePath,
  marketplaceApiName,
} from '../facts/api';
import {
  LIMIT_PARAMETER,
  recommendationsInvokePath,
  recommendationsResourcePath,
} from '../facts/recommend';
import { USER_ID_PARAMETER } from '../facts/recommendations';
import { ApiFirewall } from '../constructs/api-firewall';
import { EncryptedLogGroup } from '../constructs/encrypted-log-group';
import { IngestEvents } from '../constructs/ingest-events';
import { Recommend } from '../constructs/recommend';
import {
  RecommendationExport,
  type ExportWarehouse,
  type RecommendationExportOptions,
} from '../constructs/recommendation-export';
import { RecommendationTables } from '../constructs/recommendation-tables';
import { RecordActivity, type RecordActivityOptions } from '../constructs/record-activity';
import type { KafkaCluster } from '../constructs/kafka-cluster';
import { OPENAPI_RESOURCE_PATH, marketplaceOpenApi } from '../marketplace-api/openapi';

export interface MarketplaceApiStackProps extends StackProps {
  readonly platform: Platform;
  readonly kafka: KafkaCluster;
  readonly vpc: ec2.IVpc;
  /** The ingestion function's group (`NetworkStack.apiSecurityGroup`), admitted by the brokers. */
  readonly apiSecurityGroup: ec2.ISecurityGroup;
  /** What the activity consumer may tune. @default every option's default */
  readonly recordActivity?: RecordActivityOptions;
  /**
   * The warehouse the nightly recommendation export reads, and the ELT whose success starts it
   * (`WarehouseStack`): the stack then depends on the warehouse's.
   */
  readonly warehouse: ExportWarehouse;
  /** Sizing, retries and handler of the export function. @default the defaults of RecommendationExportOptions */
  readonly recommendationExport?: RecommendationExportOptions;
  /** Applied to the tables, keys, log groups and queues. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The marketplace API: an API Gateway REST API (regional, one stage `api`) whose ingestion
 * resources invoke the ingestion function, and whose recommendations resource the recommender,
 * through Lambda proxy integrations. Every method needs an IAM signature (the marketplace's
 * servers call with their own role, no secret to keep); the stage throttles, logs every request
 * as JSON and traces; a WAF web ACL rate-limits each address; CORS admits the environment's one
 * marketplace origin. The OpenAPI document generated from the definition is served at
 * `GET /v1/openapi.json`. Beside the API, the activity consumer reads the activity topics through
 * MSK event source mappings and keeps each customer's recent activity in its table, and the
 * nightly export fills the recommendation model from the warehouse once the ELT has run: the two
 * tables the recommender reads.
 */
export class MarketplaceApiStack extends Stack {
  readonly api: apigateway.RestApi;
  readonly ingest: IngestEvents;
  /** Each user's recent activity and the nightly recommendation model. */
  readonly recommendationTables: RecommendationTables;
  /** The consumer of the activity topics that fills the recent-activity table. */
  readonly recordActivity: RecordActivity;
  /** `GET /v1/recommendations/{user_id}`: reads the two tables. */
  readonly recommend: Recommend;
  /** The nightly export of the warehouse's snapshot into the recommendation model. */
  readonly recommendationExport: RecommendationExport;
  readonly firewall: ApiFirewall;
  /** What the marketplace's IAM identity needs: invoke the API's methods, nothing else. */
  readonly invokePolicy: iam.ManagedPolicy;
  readonly serverErrorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: MarketplaceApiStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const api = platform.marketplaceApi;
    const name = marketplaceApiName(platform);
    const origin = platform.environment.marketplaceApi.allowedOrigin;

    this.ingest = new IngestEvents(this, 'Ingest', {
      platform,
      kafka: props.kafka,
      vpc: props.vpc,
      securityGroup: props.apiSecurityGroup,
      removalPolicy,
    });

    this.recommendationTables = new RecommendationTables(this, 'RecommendationTables', {
      platform,
      removalPolicy,
    });
    this.recordActivity = new RecordActivity(this, 'RecordActivity', {
      ...props.recordActivity,
      platform,
      kafka: props.kafka,
      table: this.recommendationTables.recentActivity.table,
      tableKey: this.recommendationTables.recentActivity.key,
      removalPolicy,
    });
    this.recommend = new Recommend(this, 'Recommend', {
      platform,
      tables: this.recommendationTables,
      vpc: props.vpc,
      removalPolicy,
    });
    this.recommendationExport = new RecommendationExport(this, 'RecommendationExport', {
      ...props.recommendationExport,
      platform,
      modelTable: this.recommendationTables.model,
      warehouse: props.warehouse,
      removalPolicy,
    });

    const accessLogs = new EncryptedLogGroup(this, 'AccessLogs', {
      logGroupName: `/${platform.project}/${platform.environmentName}/marketplace-api-access`,
      keyAlias: keyAlias(platform, 'marketplace-api-access-logs'),
      description: "Encrypts the marketplace API's access logs",
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });

    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: name,
      description:
        "The marketplace's door into the platform: purchases and interactions in, recommendations out",
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // The execute-api URL is the only way in: no default domain to switch off, no custom one.
      deployOptions: {
        stageName: API_STAGE_NAME,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs.logGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        // Request and response bodies hold customers' data: never in the execution log.
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: api.throttling.rateLimit,
        throttlingBurstLimit: api.throttling.burstLimit,
      },
      // Execution logs need API Gateway's account-wide CloudWatch role; kept when the stack goes.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
      ...(origin !== undefined && {
        defaultCorsPreflightOptions: {
          allowOrigins: [origin],
          allowMethods: ['GET', 'POST', 'OPTIONS'],
          allowHeaders: [...CORS_ALLOWED_HEADERS],
          maxAge: Duration.hours(1),
        },
      }),
      // The bodies are JSON; no binary media type, so a body reaches the function as text.
      disableExecuteApiEndpoint: false,
    });

    // Parameters and bodies are validated where a method declares them. The ingestion methods
    // declare no body model: the function checks bodies against the definition and names every
    // bad field by its path, where the gateway would answer one bare 400 first.
    const validator = this.api.addRequestValidator('Validator', {
      requestValidatorName: `${name}-requests`,
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const integration = new apigateway.LambdaIntegration(this.ingest.function.function, {
      proxy: true,
    });
    for (const route of api.ingestion) {
      this.api.root.resourceForPath(ingestionResourcePath(route)).addMethod('POST', integration, {
        operationName: route.resource,
        requestValidator: validator,
        requestParameters: { 'method.request.header.Content-Type': false },
      });
    }
    // API Gateway checks the declared parameters before the function runs; the function checks
    // their values (user_id's characters, limit's range) and names the bad one.
    this.api.root
      .resourceForPath(recommendationsResourcePath(api.recommendations))
      .addMethod(
        'GET',
        new apigateway.LambdaIntegration(this.recommend.function.function, { proxy: true }),
        {
          operationName: api.recommendations.resource,
          requestValidator: validator,
          requestParameters: {
            [`method.request.path.${USER_ID_PARAMETER}`]: true,
            [`method.request.querystring.${LIMIT_PARAMETER}`]: false,
          },
        },
      );
    this.addOpenApiDocument(platform, validator);

    this.acknowledgeFindings();

    this.firewall = new ApiFirewall(this, 'Firewall', {
      platform,
      stageArn: this.api.deploymentStage.stageArn,
      removalPolicy,
    });

    this.invokePolicy = new iam.ManagedPolicy(this, 'InvokePolicy', {
      managedPolicyName: `${name}-invoke`,
      description: `Lets an identity call the ${name} methods (attach it to the marketplace's role)`,
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeTheMarketplaceApi',
          actions: ['execute-api:Invoke'],
          resources: [
            ...api.ingestion.map((route) =>
              this.api.arnForExecuteApi('POST', ingestionResourcePath(route), API_STAGE_NAME),
            ),
            this.api.arnForExecuteApi(
              'GET',
              recommendationsInvokePath(api.recommendations),
              API_STAGE_NAME,
            ),
            this.api.arnForExecuteApi('GET', OPENAPI_RESOURCE_PATH, API_STAGE_NAME),
          ],
        }),
      ],
    });

    // The policy names every method; the recommendations resource by `*`, its path parameter.
    // cdk-nag names an environment-agnostic stack's region as a pseudo parameter.
    const nagRegion = Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region;
    Validations.of(this.invokePolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:execute-api:${nagRegion}:<AWS::AccountId>:<${this.getLogicalId(this.api.node.defaultChild as CfnElement)}>/${API_STAGE_NAME}/GET${recommendationsInvokePath(api.recommendations)}]`,
      reason:
        'An execute-api ARN names the path as requested: `*` stands for the {user_id} of GET /v1/recommendations/{user_id}, on that one method of this API and stage.',
    });

    this.serverErrorsAlarm = new cloudwatch.Alarm(this, 'ServerErrorsAlarm', {
      alarmName: `${name}-5xx`,
      alarmDescription:
        'The API answered 5xx (Kafka or DynamoDB unavailable, a function failure): the marketplace retries, but records wait and recommendations are missing.',
      metric: this.api.metricServerError({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: this.api.deploymentStage.urlForPath('/'),
      description: 'The marketplace API (sign requests with SigV4, service execute-api)',
    });
    new CfnOutput(this, 'InvokePolicyArn', {
      value: this.invokePolicy.managedPolicyArn,
      description: "Attach to the marketplace's IAM role",
    });
  }

  private acknowledgeFindings(): void {
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "API Gateway writes execution logs with one account-wide role; AWS's managed policy for it is the documented setup, and the role is trusted by API Gateway only.",
      });
    }
    for (const method of this.api.methods) {
      if (method.httpMethod === 'OPTIONS') continue;
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason:
          "IAM (SigV4) authorises every method: the marketplace's servers call with their own AWS role, so there is no user pool and no client secret to keep (docs/decisions.md).",
      });
    }
  }

  /**
   * `GET /v1/openapi.json` answered by API Gateway itself (a mock integration): the document is
   * in the integration response's template, base64-encoded so that no character of it can be
   * read as Velocity, and decoded by `$util.base64Decode`.
   */
  private addOpenApiDocument(platform: Platform, validator: apigateway.IRequestValidator): void {
    const encoded = Buffer.from(JSON.stringify(marketplaceOpenApi(platform))).toString('base64');
    this.api.root.resourceForPath(OPENAPI_RESOURCE_PATH).addMethod(
      'GET',
      new apigateway.MockIntegration({
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: [
          {
            statusCode: '200',
            responseTemplates: { 'application/json': `$util.base64Decode("${encoded}")` },
          },
        ],
      }),
      {
        operationName: 'openapi',
        requestValidator: validator,
        methodResponses: [{ statusCode: '200' }],
      },
    );
  }
}
