import {
  Annotations,
  ArnFormat,
  type RemovalPolicy,
  Stack,
  Validations,
  aws_iam as iam,
  aws_s3 as s3,
  type aws_kms as kms,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { bucketName, keyAlias, lifecycleSchema, type Platform } from '../../platform';
import { nagName } from '../nag/nag-names';
import { SecureBucket } from './secure-bucket';
import { REDSHIFT_SERVICE_PRINCIPALS } from './warehouse-copy-role';
import { ML_ARTIFACT_DAYS, ML_JOB_NAME_PATTERN, ML_LOG_PREFIX } from '../facts/warehouse';

export interface WarehouseMlProps {
  readonly platform: Platform;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * What Redshift ML needs to train the customer models (sql/models): a bucket for the training
 * data Redshift exports and the model SageMaker returns (its own key; Redshift deletes both after
 * training, the lifecycle removes anything left), and the role Redshift passes to SageMaker:
 * trusted by Redshift and SageMaker, allowed training and compilation jobs named as Redshift ML
 * names them, that bucket and its key, and nothing else.
 */
export class WarehouseMl extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: WarehouseMlProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { platform } = props;
    const name = bucketName(platform, 'warehouse-ml', stack.account, stack.region);
    // The lake stack's log bucket, by name: its policy admits this bucket's log delivery
    // (DataLakeStack), so no reference runs back from the lake to the warehouse.
    const logTarget = s3.Bucket.fromBucketName(
      this,
      'AccessLogTarget',
      bucketName(platform, 'access-logs', stack.account, stack.region),
    );
    const artifacts = new SecureBucket(this, 'Artifacts', {
      bucketName: name,
      keyAlias: keyAlias(platform, 'warehouse-ml'),
      lifecycle: lifecycleSchema.parse({
        expireAfterDays: ML_ARTIFACT_DAYS,
        noncurrentVersionExpireAfterDays: 1,
      }),
      accessLogs: { bucket: logTarget, prefix: ML_LOG_PREFIX },
      eventBridgeEnabled: false,
      removalPolicy: props.removalPolicy,
    });
    this.bucket = artifacts.bucket;
    Annotations.of(this.bucket).acknowledgeWarning(
      '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      "DataLakeStack's log bucket policy admits this bucket's log delivery by name",
    );
    this.key = artifacts.key!;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.CompositePrincipal(
        ...[...REDSHIFT_SERVICE_PRINCIPALS, 'sagemaker.amazonaws.com'].map(
          (service) => new iam.ServicePrincipal(service),
        ),
      ),
      description: 'Redshift ML: export training data, train and compile models in SageMaker',
    });
    const bucketArn = `arn:${stack.partition}:s3:::${name}`;
    const sagemaker = (resource: string) =>
      stack.formatArn({ service: 'sagemaker', resource, resourceName: ML_JOB_NAME_PATTERN });
    const logGroup = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws/sagemaker/TrainingJobs:*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const statements = [
      new iam.PolicyStatement({
        sid: 'TrainAndCompileModels',
        actions: [
          'sagemaker:CreateTrainingJob',
          'sagemaker:DescribeTrainingJob',
          'sagemaker:StopTrainingJob',
          'sagemaker:CreateCompilationJob',
          'sagemaker:DescribeCompilationJob',
          'sagemaker:StopCompilationJob',
        ],
        resources: [sagemaker('training-job'), sagemaker('compilation-job')],
      }),
      new iam.PolicyStatement({
        sid: 'PassItselfToSageMaker',
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
      new iam.PolicyStatement({
        sid: 'ListArtifacts',
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [bucketArn],
      }),
      new iam.PolicyStatement({
        sid: 'ReadWriteArtifacts',
        actions: [
          's3:GetObject',
          's3:PutObject',
          's3:DeleteObject',
          's3:AbortMultipartUpload',
          's3:ListMultipartUploadParts',
        ],
        resources: [`${bucketArn}/*`],
      }),
      new iam.PolicyStatement({
        sid: 'EncryptArtifacts',
        // As AWS's restrictive Redshift ML policy lists them (admin setup).
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: [this.key.keyArn],
      }),
      new iam.PolicyStatement({
        // SageMaker encrypts the training volume and output with the key through grants; AWS's
        // policy grants it without a condition, so none is added that a training could trip on.
        sid: 'GrantKeyToSageMaker',
        actions: ['kms:CreateGrant'],
        resources: [this.key.keyArn],
      }),
      new iam.PolicyStatement({
        // The built-in algorithms' images live in AWS-owned registries of the region.
        sid: 'PullAlgorithmImages',
        actions: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'TrainingJobLogs',
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
        ],
        resources: [logGroup],
      }),
      new iam.PolicyStatement({
        sid: 'TrainingJobMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'cloudwatch:namespace': ['/aws/sagemaker/TrainingJobs', 'SageMaker'] },
        },
      }),
    ];
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);

    const policy = this.role.node.findChild('DefaultPolicy');
    const acknowledge = (resource: string, reason: string) =>
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagName(stack, resource)}]`,
        reason,
      });
    acknowledge(
      `${bucketArn}/*`,
      'Objects of the ML bucket only: Redshift names each export and model after the run.',
    );
    for (const resource of ['training-job', 'compilation-job'])
      acknowledge(
        sagemaker(resource),
        `SageMaker ${resource}s named as Redshift ML names them (redshiftml-<time>-<type>); the names are generated per training.`,
      );
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason:
        'GenerateDataKey and GenerateDataKeyWithoutPlaintext on the ML bucket key only, as the Redshift ML admin setup lists them.',
    });
    acknowledge(
      logGroup,
      'The log streams of SageMaker training jobs: one per job, named after it when it starts.',
    );
    acknowledge(
      '*',
      'ECR GetAuthorizationToken and the images of SageMaker built-in algorithms (AWS-owned registries) take no narrower resource; PutMetricData takes none and is held to the SageMaker namespaces by condition.',
    );
  }
}
