import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const dynamo = () => new DynamoDBClient(cloud().clientConfig);
const TABLE = 'alert-dedupe';
const KEY = { pk: { S: 'alert#1' } };

const update = (input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>) =>
  dynamo().send(new UpdateItemCommand({ TableName: TABLE, Key: KEY, ...input }));
const current = async () =>
  (await dynamo().send(new GetItemCommand({ TableName: TABLE, Key: KEY }))).Item;
const validation = (message: string) => ({
  name: 'ValidationException',
  message,
  $metadata: { httpStatusCode: 400 },
});

beforeEach(async () => {
  await dynamo().send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

describe('DynamoDB UpdateItem expressions', () => {
  it('creates a counter with ADD, then increments it', async () => {
    const created = await update({
      UpdateExpression: 'ADD #count :one',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'UPDATED_NEW',
    });
    const incremented = await update({
      UpdateExpression: 'ADD #count :one',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'ALL_NEW',
    });

    expect(created.Attributes).toEqual({ count: { N: '1' } });
    expect(incremented.Attributes).toEqual({ ...KEY, count: { N: '2' } });
  });

  it('adds numbers exactly beyond double precision', async () => {
    await dynamo().send(
      new PutItemCommand({ TableName: TABLE, Item: { ...KEY, n: { N: '9007199254740993' } } }),
    );

    await update({
      UpdateExpression: 'SET n = n + :d',
      ExpressionAttributeValues: { ':d': { N: '0.1' } },
    });

    expect((await current())?.n).toEqual({ N: '9007199254740993.1' });
  });

  it('applies SET arithmetic, if_not_exists, list_append, REMOVE, ADD and DELETE on sets', async () => {
    await dynamo().send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          ...KEY,
          amount: { N: '10' },
          history: { L: [{ S: 'a' }] },
          tags: { SS: ['x', 'y'] },
          gone: { S: '-' },
        },
      }),
    );

    const result = await update({
      UpdateExpression:
        'SET amount = amount - :two, firstSeen = if_not_exists(firstSeen, :now), history = list_append(history, :more) REMOVE gone ADD tags :z DELETE seen :never',
      ExpressionAttributeValues: {
        ':two': { N: '2' },
        ':now': { N: '1700000000' },
        ':more': { L: [{ S: 'b' }] },
        ':z': { SS: ['z'] },
        ':never': { SS: ['q'] },
      },
      ReturnValues: 'UPDATED_OLD',
    });

    expect(result.Attributes).toEqual({
      amount: { N: '10' },
      history: { L: [{ S: 'a' }] },
      tags: { SS: ['x', 'y'] },
      gone: { S: '-' },
    });
    expect(await current()).toEqual({
      ...KEY,
      amount: { N: '8' },
      firstSeen: { N: '1700000000' },
      history: { L: [{ S: 'a' }, { S: 'b' }] },
      tags: { SS: ['x', 'y', 'z'] },
    });
  });

  it('removes a set attribute whose last members are deleted', async () => {
    await dynamo().send(
      new PutItemCommand({ TableName: TABLE, Item: { ...KEY, ids: { NS: ['1', '2'] } } }),
    );

    await update({
      UpdateExpression: 'DELETE ids :all',
      ExpressionAttributeValues: { ':all': { NS: ['2', '1.0'] } },
    });

    expect(await current()).toEqual(KEY);
  });

  it('fails the update when the condition does not hold, leaving the item unchanged', async () => {
    await dynamo().send(
      new PutItemCommand({ TableName: TABLE, Item: { ...KEY, hits: { N: '3' } } }),
    );

    const attempt = update({
      UpdateExpression: 'SET hits = hits + :one',
      ConditionExpression: 'hits BETWEEN :low AND :high AND NOT begins_with(pk, :other)',
      ExpressionAttributeValues: {
        ':one': { N: '1' },
        ':low': { N: '5' },
        ':high': { N: '9' },
        ':other': { S: 'x' },
      },
    });

    await expect(attempt).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await current())?.hits).toEqual({ N: '3' });
  });

  it.each([
    [
      'an unused expression attribute value',
      {
        UpdateExpression: 'SET a = :a',
        ExpressionAttributeValues: { ':a': { S: '1' }, ':b': { S: '2' } },
      },
      'Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}',
    ],
    [
      'an unused expression attribute name',
      {
        UpdateExpression: 'SET a = :a',
        ExpressionAttributeNames: { '#n': 'n' },
        ExpressionAttributeValues: { ':a': { S: '1' } },
      },
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}',
    ],
    [
      'an undefined expression attribute value',
      { UpdateExpression: 'SET a = :missing', ExpressionAttributeValues: { ':a': { S: '1' } } },
      'Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :missing',
    ],
    [
      'an undefined expression attribute name',
      { UpdateExpression: 'SET #a = :a', ExpressionAttributeValues: { ':a': { S: '1' } } },
      'Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #a',
    ],
    [
      'a reserved word as a bare name',
      { UpdateExpression: 'SET status = :a', ExpressionAttributeValues: { ':a': { S: '1' } } },
      'Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status',
    ],
    [
      'a syntax error',
      { UpdateExpression: 'SET a = = :a', ExpressionAttributeValues: { ':a': { S: '1' } } },
      'Invalid UpdateExpression: Syntax error; token: "=", near: "= = :a"',
    ],
    [
      'ADD with a string',
      { UpdateExpression: 'ADD a :a', ExpressionAttributeValues: { ':a': { S: '1' } } },
      'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING',
    ],
    [
      'overlapping paths',
      {
        UpdateExpression: 'SET a = :a REMOVE a.b',
        ExpressionAttributeValues: { ':a': { S: '1' } },
      },
      'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    ],
    [
      'a section used twice',
      { UpdateExpression: 'REMOVE a REMOVE b' },
      'Invalid UpdateExpression: The "REMOVE" section can only be used once in an update expression;',
    ],
    [
      'an empty ExpressionAttributeValues',
      { UpdateExpression: 'REMOVE a', ExpressionAttributeValues: {} },
      'ExpressionAttributeValues must not be empty',
    ],
    [
      'a copy from an attribute that does not exist',
      { UpdateExpression: 'SET a = nothing' },
      'The provided expression refers to an attribute that does not exist in the item',
    ],
    [
      'arithmetic on a string attribute',
      { UpdateExpression: 'SET a = pk + :one', ExpressionAttributeValues: { ':one': { N: '1' } } },
      'An operand in the update expression has an incorrect data type',
    ],
    [
      'a nested SET under a missing parent',
      {
        UpdateExpression: 'SET nope.child = :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
      'The document path provided in the update expression is invalid for update',
    ],
    [
      'a condition function used as an operand',
      {
        UpdateExpression: 'SET a = :one',
        ConditionExpression: 'attribute_exists(a) = :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      },
      'Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists',
    ],
    [
      'an unknown condition function',
      { UpdateExpression: 'REMOVE a', ConditionExpression: 'exists(a)' },
      'Invalid ConditionExpression: Invalid function name; function: exists',
    ],
    [
      'an ordering against a list constant',
      {
        UpdateExpression: 'REMOVE a',
        ConditionExpression: 'a < :list',
        ExpressionAttributeValues: { ':list': { L: [] } },
      },
      'Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: LIST',
    ],
  ])('rejects %s', async (_case, input, message) => {
    await expect(update(input)).rejects.toMatchObject(validation(message));
  });

  it('rejects expression attribute values without any expression', async () => {
    await expect(
      dynamo().send(
        new GetItemCommand({
          TableName: TABLE,
          Key: KEY,
          ExpressionAttributeNames: { '#a': 'a' },
        }),
      ),
    ).rejects.toMatchObject(
      validation('ExpressionAttributeNames can only be specified when using expressions'),
    );
  });
});
