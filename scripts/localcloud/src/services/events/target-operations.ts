/** Targets: PutTargets, RemoveTargets, ListTargetsByRule. Only SQS queues can be delivered to. */
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { constraintViolation, limitExceeded, validationError } from './errors';
import { paginate, type EventTarget, type EventStore } from './event-store';
import { isValidPath } from './input-path';
import { optionalLimit, optionalString, requiredName } from './wire-input';

const MAX_TARGETS_PER_RULE = 5;
const MAX_TARGETS_PER_REQUEST = 10;

export function targetOperations(store: EventStore): Record<string, JsonOperation> {
  return {
    PutTargets(input) {
      const rule = store.rule(requiredName(input, 'Rule', 'rule'), busNameOf(input));
      const targets = listOf(input.Targets, 'targets');
      const failed: { TargetId: string; ErrorCode: string; ErrorMessage: string }[] = [];
      const accepted: EventTarget[] = [];
      for (const raw of targets) {
        const target = parseTarget(raw);
        if (!isSqsArn(target.Arn)) {
          failed.push({
            TargetId: target.Id,
            ErrorCode: 'ValidationException',
            ErrorMessage: `Target ${target.Id} cannot be delivered to by localcloud: only SQS queue ARNs are supported (${target.Arn}).`,
          });
          continue;
        }
        accepted.push(target);
      }
      const byId = new Map(rule.targets.map((target) => [target.Id, target]));
      for (const target of accepted) byId.set(target.Id, target);
      if (byId.size > MAX_TARGETS_PER_RULE) throw limitExceeded();
      rule.targets = [...byId.values()];
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    },

    RemoveTargets(input) {
      const rule = store.rule(requiredName(input, 'Rule', 'rule'), busNameOf(input));
      const ids = new Set(listOf(input.Ids, 'ids').map(String));
      rule.targets = rule.targets.filter((target) => !ids.has(target.Id));
      return { FailedEntryCount: 0, FailedEntries: [] };
    },

    ListTargetsByRule(input) {
      const rule = store.rule(requiredName(input, 'Rule', 'rule'), busNameOf(input));
      const { page, nextToken } = paginate(rule.targets, optionalLimit(input), input.NextToken);
      return { Targets: page, ...(nextToken && { NextToken: nextToken }) };
    },
  };
}

function busNameOf(input: WireJson): string | undefined {
  return optionalString(input, 'EventBusName', 'eventBusName', 1600);
}

function listOf(raw: unknown, member: string): WireJson[] {
  const items = Array.isArray(raw) ? (raw as WireJson[]) : [];
  if (items.length === 0)
    throw constraintViolation('[]', member, 'Member must have length greater than or equal to 1');
  if (items.length > MAX_TARGETS_PER_REQUEST)
    throw constraintViolation(
      `[${items.length} items]`,
      member,
      `Member must have length less than or equal to ${MAX_TARGETS_PER_REQUEST}`,
    );
  return items;
}

function parseTarget(raw: WireJson): EventTarget {
  const Id = requiredName(raw, 'Id', 'targets.member.id');
  const Arn: unknown = raw.Arn;
  if (typeof Arn !== 'string' || Arn === '')
    throw constraintViolation('null', 'targets.member.arn', 'Member must not be null');
  const Input = optionalString(raw, 'Input', 'targets.member.input', 8192);
  const InputPath = optionalString(raw, 'InputPath', 'targets.member.inputPath', 256);
  if (Input !== undefined && InputPath !== undefined)
    throw validationError('Only one of Input, InputPath, or InputTransformer must be provided.');
  if (Input !== undefined && !isJson(Input))
    throw validationError(`Target ${Id} Input is not valid JSON text.`);
  if (InputPath !== undefined && !isValidPath(InputPath))
    throw validationError(`Target ${Id} InputPath is not a valid JsonPath.`);
  return {
    Id,
    Arn,
    ...(Input !== undefined && { Input }),
    ...(InputPath !== undefined && { InputPath }),
  };
}

function isSqsArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/.test(arn);
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
