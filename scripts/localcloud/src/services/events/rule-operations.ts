/** Rules: PutRule, DescribeRule, ListRules, DeleteRule, Enable/DisableRule, TestEventPattern. */
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { DEFAULT_BUS, compare, paginate, type EventRule, type EventStore } from './event-store';
import { constraintViolation, invalidEventPattern, validationError } from './errors';
import { matchesPattern } from './pattern/match-pattern';
import { InvalidPatternError, type EventPattern } from './pattern/pattern-types';
import { isPlainObject, parseEventPattern } from './pattern/validate-pattern';
import { optionalLimit, optionalString, requiredName } from './wire-input';

const STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];
const RATE = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/;
const CRON = /^cron\(\s*\S+(\s+\S+){5}\s*\)$/;
const TEST_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/** Validates a pattern, turning the reason into AWS's InvalidEventPatternException. */
export function compilePattern(text: string): EventPattern {
  try {
    return parseEventPattern(text);
  } catch (error) {
    if (error instanceof InvalidPatternError) throw invalidEventPattern(error.message);
    throw error;
  }
}

export function ruleOperations(store: EventStore): Record<string, JsonOperation> {
  return {
    PutRule(input) {
      const name = requiredName(input, 'Name', 'name');
      const bus = store.bus(optionalString(input, 'EventBusName', 'eventBusName', 1600));
      const eventPattern = optionalString(input, 'EventPattern', 'eventPattern', 4096);
      const scheduleExpression = optionalString(
        input,
        'ScheduleExpression',
        'scheduleExpression',
        256,
      );
      const description = optionalString(input, 'Description', 'description', 512);
      const state = optionalString(input, 'State', 'state', 64) ?? 'ENABLED';
      if (!STATES.includes(state))
        throw constraintViolation(
          state,
          'state',
          `Member must satisfy enum value set: [${STATES.join(', ')}]`,
        );
      if (eventPattern === undefined && scheduleExpression === undefined)
        throw validationError('Parameter(s) EventPattern or ScheduleExpression must be specified.');
      if (eventPattern !== undefined) compilePattern(eventPattern);
      if (scheduleExpression !== undefined) {
        if (bus.name !== DEFAULT_BUS)
          throw validationError('ScheduleExpression is supported only on the default event bus.');
        validateSchedule(scheduleExpression);
      }
      // PutRule replaces the rule's definition entirely; only its targets survive an update.
      const rule: EventRule = {
        name,
        busName: bus.name,
        ...(eventPattern !== undefined && { eventPattern }),
        ...(scheduleExpression !== undefined && { scheduleExpression }),
        ...(description !== undefined && { description }),
        state,
        targets: bus.rules[name]?.targets ?? [],
      };
      bus.rules[name] = rule;
      return { RuleArn: store.ruleArn(rule) };
    },

    DescribeRule(input) {
      const rule = store.rule(
        requiredName(input, 'Name', 'name'),
        optionalString(input, 'EventBusName', 'eventBusName', 1600),
      );
      return { ...describe(store, rule), CreatedBy: store.context.accountId };
    },

    ListRules(input) {
      const bus = store.bus(optionalString(input, 'EventBusName', 'eventBusName', 1600));
      const prefix = optionalString(input, 'NamePrefix', 'namePrefix', 64) ?? '';
      const rules = Object.values(bus.rules)
        .filter((rule) => rule.name.startsWith(prefix))
        .sort((a, b) => compare(a.name, b.name));
      const { page, nextToken } = paginate(rules, optionalLimit(input), input.NextToken);
      return {
        Rules: page.map((rule) => describe(store, rule)),
        ...(nextToken && { NextToken: nextToken }),
      };
    },

    DeleteRule(input) {
      const name = requiredName(input, 'Name', 'name');
      const bus = store.bus(optionalString(input, 'EventBusName', 'eventBusName', 1600));
      const rule = bus.rules[name];
      if (!rule) return {};
      if (rule.targets.length > 0)
        throw validationError("Rule can't be deleted since it has targets.");
      delete bus.rules[name];
      return {};
    },

    EnableRule: (input) => setState(store, input, 'ENABLED'),
    DisableRule: (input) => setState(store, input, 'DISABLED'),

    TestEventPattern(input) {
      const pattern = compilePattern(requiredText(input, 'EventPattern', 'eventPattern'));
      const eventText = requiredText(input, 'Event', 'event');
      let event: unknown;
      try {
        event = JSON.parse(eventText);
      } catch {
        throw validationError('Parameter Event is not valid.');
      }
      if (
        !isPlainObject(event) ||
        TEST_EVENT_FIELDS.some((field) => typeof event[field] !== 'string')
      )
        throw validationError('Parameter Event is not valid.');
      return { Result: matchesPattern(pattern, event) };
    },
  };
}

function describe(store: EventStore, rule: EventRule): Record<string, unknown> {
  return {
    Name: rule.name,
    Arn: store.ruleArn(rule),
    EventPattern: rule.eventPattern,
    ScheduleExpression: rule.scheduleExpression,
    State: rule.state,
    Description: rule.description,
    EventBusName: rule.busName,
  };
}

function setState(store: EventStore, input: WireJson, state: string): Record<string, never> {
  const bus = store.bus(optionalString(input, 'EventBusName', 'eventBusName', 1600));
  const rule = store.rule(requiredName(input, 'Name', 'name'), bus.name);
  bus.rules[rule.name] = { ...rule, state };
  return {};
}

function validateSchedule(expression: string): void {
  const rate = RATE.exec(expression);
  const validRate =
    rate !== null && Number(rate[1]) > 0 && (Number(rate[1]) === 1) === !rate[2]!.endsWith('s');
  if (!validRate && !CRON.test(expression))
    throw validationError('Parameter ScheduleExpression is not valid.');
}

function requiredText(input: WireJson, member: string, wireName: string): string {
  const value: unknown = input[member];
  if (typeof value !== 'string' || value === '')
    throw constraintViolation('null', wireName, 'Member must not be null');
  return value;
}
