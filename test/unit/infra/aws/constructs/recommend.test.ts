/** The Recommend construct's documented defaults, on a stack of its own. */
import { App, RemovalPolicy, Stack, aws_ec2 as ec2, aws_logs as logs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Recommend } from '../../../../../infra/aws/constructs/recommend';
import { RecommendationTables } from '../../../../../infra/aws/constructs/recommendation-tables';
import { loadPlatform } from '../../../../../infra/platform';

type Json = Record<string, any>;

function recommenderTemplate(props: Partial<ConstructorParameters<typeof Recommend>[2]> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Recommender', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const platform = loadPlatform('dev');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const tables = new RecommendationTables(stack, 'Tables', { platform });
  new Recommend(stack, 'Recommend', { platform, tables, vpc, ...props });
  return Template.fromStack(stack);
}

describe('Recommend defaults', () => {
  it('keeps its logs three months, and retains the log group and its key', () => {
    const template = recommenderTemplate();

    const [logGroup] = Object.values(template.findResources('AWS::Logs::LogGroup')) as Json[];
    expect(logGroup!.Properties).toMatchObject({
      LogGroupName: '/aws/lambda/hybrid-lake-dev-recommend',
      RetentionInDays: 90,
    });
    expect(logGroup!.DeletionPolicy).toBe('Retain');
    for (const key of Object.values(template.findResources('AWS::KMS::Key')) as Json[])
      expect(key.DeletionPolicy).toBe('Retain');
  });

  it('takes another retention and removal policy when given', () => {
    const template = recommenderTemplate({
      logRetention: logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const [logGroup] = Object.values(template.findResources('AWS::Logs::LogGroup')) as Json[];
    expect(logGroup!.Properties.RetentionInDays).toBe(7);
    expect(logGroup!.DeletionPolicy).toBe('Delete');
  });

  it('bundles lambdas/recommend/handler.ts unless told otherwise', () => {
    const template = recommenderTemplate();

    const [fn] = Object.values(template.findResources('AWS::Lambda::Function')) as Json[];
    // A bundled handler (not the stub a missing entry gets) exports `handler` from index.js.
    expect(fn!.Properties.Handler).toBe('index.handler');
    expect(fn!.Properties.Code.ZipFile).toBeUndefined();
  });
});
