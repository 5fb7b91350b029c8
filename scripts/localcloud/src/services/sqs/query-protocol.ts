/**
 * SQS over the AWS Query protocol, which AWS still accepts and older SDKs and CLIs speak
 * (`Action=SendMessage&Version=2012-11-05` in a form body, XML back). The JSON operations do the
 * work; this file only translates: flattened Query names (`AttributeName.1`, `MessageAttribute.1.
 * Value.StringValue`, `SendMessageBatchRequestEntry.1.Id`) into the JSON input, and the JSON
 * output into the XML elements of the SQS API reference's Query examples (flattened lists and
 * maps: `<Message>`, `<Attribute><Name/><Value/></Attribute>`, `<QueueUrl>`…).
 */
import { AwsError } from '../../core/aws-error';
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { renderQueryError, type QueryOperation, type QueryParams } from '../../core/query-protocol';
import type { AwsRequest, AwsResponse } from '../../core/request';
import type { XmlObject, XmlValue } from '../../core/xml';
import { queryCodeOf } from './errors';

export const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

const INTEGER_MEMBERS = new Set([
  'DelaySeconds',
  'MaxNumberOfMessages',
  'VisibilityTimeout',
  'WaitTimeSeconds',
  'MaxResults',
]);

/** Flattened lists: the Query item name → the JSON member. */
const FLATTENED_LISTS: Readonly<Record<string, string>> = {
  AttributeName: 'AttributeNames',
  MessageAttributeName: 'MessageAttributeNames',
  MessageSystemAttributeName: 'MessageSystemAttributeNames',
  TagKey: 'TagKeys',
};

const BATCH_ENTRY_NAMES = [
  'SendMessageBatchRequestEntry',
  'DeleteMessageBatchRequestEntry',
  'ChangeMessageVisibilityBatchRequestEntry',
];

/** Actions whose Query response has no `<ActionResult>` element. */
const WITHOUT_RESULT = new Set([
  'ChangeMessageVisibility',
  'DeleteMessage',
  'DeleteQueue',
  'PurgeQueue',
  'SetQueueAttributes',
  'TagQueue',
  'UntagQueue',
]);

function mapOf(items: readonly QueryParams[], keyName: string, valueName: string) {
  const map: Record<string, string> = {};
  for (const item of items) {
    const key = item.get(keyName);
    if (key !== undefined) map[key] = item.get(valueName) ?? '';
  }
  return map;
}

function messageAttributesOf(items: readonly QueryParams[]): WireJson {
  const attributes: WireJson = {};
  for (const item of items) {
    const name = item.get('Name');
    if (name === undefined) continue;
    const value = item.nested('Value');
    attributes[name] = Object.fromEntries(
      ['DataType', 'StringValue', 'BinaryValue'].flatMap((member) => {
        const text = value.get(member);
        return text === undefined ? [] : [[member, text]];
      }),
    );
  }
  return attributes;
}

/** The JSON input the Query parameters of `action` stand for. */
export function queryToJsonInput(action: string, params: QueryParams): WireJson {
  const input: WireJson = {};
  for (const [name, value] of params.entries()) {
    if (name === 'Action' || name === 'Version' || name.includes('.')) continue;
    // A malformed number stays a string, for the operation's own validation to refuse.
    input[name] = INTEGER_MEMBERS.has(name) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  for (const [item, member] of Object.entries(FLATTENED_LISTS)) {
    const values = params.list(item).map((entry) => entry.get('') ?? '');
    if (values.length > 0) input[member] = values;
  }
  const maps: [string, string, string, string][] = [
    ['Attribute', 'Name', 'Value', 'Attributes'],
    // CreateQueue names its tag map `tags`, TagQueue `Tags`; both travel as `Tag.N.Key`.
    ['Tag', 'Key', 'Value', action === 'CreateQueue' ? 'tags' : 'Tags'],
  ];
  for (const [item, keyName, valueName, member] of maps) {
    const entries = params.list(item);
    if (entries.length > 0) input[member] = mapOf(entries, keyName, valueName);
  }
  for (const item of ['MessageAttribute', 'MessageSystemAttribute']) {
    const entries = params.list(item);
    if (entries.length > 0) input[`${item}s`] = messageAttributesOf(entries);
  }
  for (const item of BATCH_ENTRY_NAMES) {
    const entries = params.list(item);
    if (entries.length > 0) input.Entries = entries.map((entry) => queryToJsonInput(action, entry));
  }
  return input;
}

function nameValueEntries(map: unknown, keyName = 'Name', valueName = 'Value'): XmlObject[] {
  return Object.entries((map ?? {}) as Record<string, XmlValue>).map(([key, value]) => ({
    [keyName]: key,
    [valueName]: value,
  }));
}

function messageXml(message: WireJson): XmlObject {
  const { Attributes, MessageAttributes, ...rest } = message;
  return {
    ...rest,
    Attribute: nameValueEntries(Attributes),
    MessageAttribute: nameValueEntries(MessageAttributes),
  };
}

/** The `<ActionResult>` content for a JSON output, or undefined for actions without one. */
export function jsonOutputToQueryResult(action: string, output: WireJson): XmlObject | undefined {
  if (WITHOUT_RESULT.has(action)) return undefined;
  const result: Record<string, XmlValue> = {};
  for (const [member, value] of Object.entries(output)) {
    if (value === undefined) continue;
    switch (member) {
      case 'QueueUrls':
        result.QueueUrl = value as string[];
        break;
      case 'Attributes':
        result.Attribute = nameValueEntries(value);
        break;
      case 'Tags':
        result.Tag = nameValueEntries(value, 'Key', 'Value');
        break;
      case 'Messages':
        result.Message = (value as WireJson[]).map(messageXml);
        break;
      case 'Successful':
        result[`${action}ResultEntry`] = value as XmlObject[];
        break;
      case 'Failed':
        result.BatchResultErrorEntry = value as XmlObject[];
        break;
      default:
        result[member] = value as XmlValue;
    }
  }
  return result;
}

/** The JSON operations, answering Query requests. */
export function queryOperations(
  operations: Readonly<Record<string, JsonOperation>>,
): Record<string, QueryOperation> {
  return Object.fromEntries(
    Object.entries(operations).map(([action, operation]) => [
      action,
      async (params: QueryParams, call) => {
        const input = queryToJsonInput(action, params);
        // Older clients post to the queue URL itself instead of naming it.
        if (input.QueueUrl === undefined && call.request.rawPath !== '/')
          input.QueueUrl = `${call.context.endpoint()}${call.request.rawPath}`;
        const output = (await operation(input, call)) as WireJson | undefined;
        return jsonOutputToQueryResult(action, output ?? {});
      },
    ]),
  );
}

/** Query errors carry the legacy code (`AWS.SimpleQueueService.NonExistentQueue`), not the shape. */
export function renderSqsQueryError(error: AwsError, request: AwsRequest): AwsResponse {
  const queryError = new AwsError(queryCodeOf(error), error.message, error.status, {
    fault: error.fault,
    ...(error.options.fields && { fields: error.options.fields }),
  });
  return renderQueryError(queryError, request.requestId, SQS_XML_NAMESPACE);
}
