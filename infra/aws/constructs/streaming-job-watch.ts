import {
  Duration,
  aws_cloudwatch as cloudwatch,
  type aws_glue as glue,
  custom_resources as cr,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** How long a streaming job may go without finishing a micro-batch before it alarms. */
export const STREAM_SILENCE_LIMIT = Duration.minutes(15);

/**
 * The records of a Glue streaming job's micro-batches (`--enable-metrics`), over all its runs:
 * one datapoint per micro-batch, an empty one included.
 */
export function streamedRecords(
  jobName: string,
  options: { statistic: string; period: Duration },
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'Glue',
    metricName: 'glue.driver.streaming.numRecords',
    dimensionsMap: { JobName: jobName, JobRunId: 'ALL', Type: 'count' },
    ...options,
  });
}

export interface StreamingJobWatchProps {
  readonly job: glue.IJob;
  /** Starts with the platform's alarm prefix, so the alert fabric routes it. */
  readonly alarmName: string;
  /** @default STREAM_SILENCE_LIMIT */
  readonly silenceLimit?: Duration;
}

/**
 * Keeps a Glue streaming job running after a deploy and says when it is not.
 *
 * - Deploy: a custom resource calls StartJobRun. A run already going answers
 *   ConcurrentRunsExceededException (the job allows one run), which is success here, so
 *   redeploys are idempotent.
 * - A crash: the job's own MaxRetries restart it from its checkpoint.
 * - Anything else (retries exhausted, stopped by hand, never started): the job stops reporting
 *   micro-batches. The alarm treats missing data as breaching, so silence is what it watches,
 *   and it reaches the alert fabric like every platform alarm.
 */
export class StreamingJobWatch extends Construct {
  readonly starter: cr.AwsCustomResource;
  readonly silent: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: StreamingJobWatchProps) {
    super(scope, id);
    const startJobRun: cr.AwsSdkCall = {
      service: 'Glue',
      action: 'StartJobRun',
      parameters: { JobName: props.job.jobName },
      physicalResourceId: cr.PhysicalResourceId.of(`${props.job.jobName}-started`),
      ignoreErrorCodesMatching: 'ConcurrentRunsExceededException',
    };
    this.starter = new cr.AwsCustomResource(this, 'Start', {
      onCreate: startJobRun,
      onUpdate: startJobRun,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [props.job.jobArn] }),
      installLatestAwsSdk: false,
    });
    // The job must exist before it is started.
    this.starter.node.addDependency(props.job);

    const limit = props.silenceLimit ?? STREAM_SILENCE_LIMIT;
    const period = Duration.minutes(5);
    this.silent = new cloudwatch.Alarm(this, 'Silent', {
      alarmName: props.alarmName,
      alarmDescription: `The streaming job ${props.job.jobName} finished no micro-batch for ${limit.toHumanString()}: it is stopped, failed after its retries, or stuck. See the glue-job runbook.`,
      metric: streamedRecords(props.job.jobName, {
        statistic: cloudwatch.Stats.SAMPLE_COUNT,
        period,
      }),
      // Any reported batch, even an empty one, is a sign of life; only missing data breaches.
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: Math.max(1, Math.ceil(limit.toMinutes() / period.toMinutes())),
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}
