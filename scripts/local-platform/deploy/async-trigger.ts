/**
 * Functions EventBridge invokes asynchronously, locally: each rule targets the function's inbox,
 * a queue standing in for Lambda's internal event queue. Its redrive does what Lambda's retry
 * setting does (1 + `retryAttempts` receives, then the function's dead-letter queue), so the
 * runtime only has to leave a failed event unacknowledged.
 */
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import type { EventPattern } from '../../../infra/aws/facts/alerting';
import type { QueueRef } from '../deployment';
import type { DeployContext } from './context';
import { asyncTrigger, type AsyncInvokeSettings, type AsyncTrigger } from './function-specs';
import { renderEventPattern } from './event-pattern';
import { LocalDeploymentError, createQueueWithDeadLetters } from './queues';

export interface LocalIdentity {
  readonly region: string;
  readonly accountId: string;
}

/** The ARN of the account's default bus, where the ELT's on-success records go. */
export function defaultBusArn(identity: LocalIdentity): string {
  return `arn:aws:events:${identity.region}:${identity.accountId}:event-bus/default`;
}

export async function createAsyncTrigger(
  context: DeployContext,
  functionName: string,
  settings: AsyncInvokeSettings,
  /** The on-success destination, an event bus, as the function's EventInvokeConfig names it. */
  onSuccessBusArn?: string,
): Promise<AsyncTrigger> {
  const { queue, deadLetterQueue } = await createQueueWithDeadLetters(
    context.sqs,
    `${functionName}-inbox`,
    {
      visibilityTimeoutSeconds: context.visibilityTimeoutSeconds,
      maxReceiveCount: settings.retryAttempts + 1,
    },
  );
  return asyncTrigger(queue, deadLetterQueue, settings, onSuccessBusArn);
}

export interface LocalRule {
  readonly name: string;
  readonly description: string;
  /** Exactly one of the two, as EventBridge requires. */
  readonly eventPattern?: EventPattern;
  readonly scheduleExpression?: string;
}

/** The rule, rendered as CloudFormation gets it, with `target` as its one target (`Target0`, as the CDK names it). */
export async function putRuleTargeting(
  context: DeployContext,
  rule: LocalRule,
  target: QueueRef,
): Promise<void> {
  await context.events.send(
    new PutRuleCommand({
      Name: rule.name,
      Description: rule.description,
      ...(rule.eventPattern !== undefined && {
        EventPattern: JSON.stringify(renderEventPattern(rule.eventPattern)),
      }),
      ...(rule.scheduleExpression !== undefined && {
        ScheduleExpression: rule.scheduleExpression,
      }),
    }),
  );
  const { FailedEntryCount, FailedEntries } = await context.events.send(
    new PutTargetsCommand({ Rule: rule.name, Targets: [{ Id: 'Target0', Arn: target.arn }] }),
  );
  if ((FailedEntryCount ?? 0) > 0) {
    throw new LocalDeploymentError(
      `rule ${rule.name} refused its target ${target.arn}: ${FailedEntries?.[0]?.ErrorMessage ?? 'no reason given'}`,
    );
  }
}
