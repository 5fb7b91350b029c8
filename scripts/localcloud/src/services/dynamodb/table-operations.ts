/** CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTimeToLive, DescribeTimeToLive. */
import { arn, type LocalCloudContext } from '../../core/context';
import type { WireJson } from '../../core/json-protocol';
import { Constraints, TABLE_NAME_PATTERN, checkTableName } from './constraints';
import { resourceInUse, validationError } from './errors';
import {
  tableNameOf,
  type AttributeDefinition,
  type KeySchemaElement,
  type TableState,
  type TableStore,
} from './tables';

const TTL_CHANGE_INTERVAL_MS = 60 * 60 * 1000;
const MAX_LIST_LIMIT = 100;
const MAX_CAPACITY_UNITS = 1_000_000_000_000;

export function tableOperations(store: TableStore, context: LocalCloudContext) {
  return {
    CreateTable(input: WireJson) {
      const table = validateCreateTable(input);
      if (store.has(table.name)) throw resourceInUse(`Table already exists: ${table.name}`);
      const created = store.add({
        ...table,
        arn: arn(context, 'dynamodb', `table/${table.name}`),
        createdAtMs: context.now().getTime(),
      });
      return { TableDescription: describeTable(created) };
    },

    DescribeTable(input: WireJson) {
      checkTableName(new Constraints(), input.TableName).throwIfAny();
      return { Table: describeTable(store.get(input.TableName)) };
    },

    ListTables(input: WireJson) {
      const limit = input.Limit as number | undefined;
      const start = input.ExclusiveStartTableName as string | undefined;
      const constraints = new Constraints().range(limit, 'limit', 1, MAX_LIST_LIMIT);
      if (start !== undefined) {
        constraints
          .length(start, 'exclusiveStartTableName', 3, 255)
          .pattern(start, 'exclusiveStartTableName', TABLE_NAME_PATTERN);
      }
      constraints.throwIfAny();
      const remaining = store.names().filter((name) => start === undefined || name > start);
      const page = remaining.slice(0, limit ?? MAX_LIST_LIMIT);
      const more = remaining.length > page.length;
      return { TableNames: page, ...(more && { LastEvaluatedTableName: page[page.length - 1] }) };
    },

    DeleteTable(input: WireJson) {
      checkTableName(new Constraints(), input.TableName).throwIfAny();
      const table = store.get(input.TableName);
      store.delete(table.name);
      return { TableDescription: { ...describeTable(table), TableStatus: 'DELETING' } };
    },

    UpdateTimeToLive(input: WireJson) {
      const spec = input.TimeToLiveSpecification as
        { AttributeName?: string; Enabled?: boolean } | undefined;
      const constraints = checkTableName(new Constraints(), input.TableName);
      constraints.notNull(spec, 'timeToLiveSpecification');
      if (spec) {
        constraints
          .notNull(spec.AttributeName, 'timeToLiveSpecification.attributeName')
          .notNull(spec.Enabled, 'timeToLiveSpecification.enabled')
          .length(spec.AttributeName, 'timeToLiveSpecification.attributeName', 1, 255);
      }
      constraints.throwIfAny();
      const { AttributeName: attributeName, Enabled: enabled } = spec as {
        AttributeName: string;
        Enabled: boolean;
      };
      const table = store.get(input.TableName);
      const current = table.timeToLive;
      const nowMs = context.now().getTime();
      if (current?.enabled && enabled) throw validationError('TimeToLive is already enabled');
      if (!current?.enabled && !enabled) throw validationError('TimeToLive is already disabled');
      if (current?.enabled && current.attributeName !== attributeName) {
        throw validationError(
          `TimeToLive is active on a different AttributeName: current AttributeName is ${current.attributeName}`,
        );
      }
      if (current && nowMs - current.changedAtMs < TTL_CHANGE_INTERVAL_MS) {
        throw validationError(
          'Time to live has been modified multiple times within a fixed interval',
        );
      }
      table.timeToLive = { attributeName, enabled, changedAtMs: nowMs };
      return { TimeToLiveSpecification: { AttributeName: attributeName, Enabled: enabled } };
    },

    DescribeTimeToLive(input: WireJson) {
      checkTableName(new Constraints(), input.TableName).throwIfAny();
      const ttl = store.get(input.TableName).timeToLive;
      return {
        TimeToLiveDescription: ttl?.enabled
          ? { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.attributeName }
          : { TimeToLiveStatus: 'DISABLED' },
      };
    },
  };
}

export function describeTable(table: TableState) {
  const onDemand = table.billingMode === 'PAY_PER_REQUEST';
  return {
    AttributeDefinitions: table.attributeDefinitions,
    TableName: table.name,
    KeySchema: table.keySchema,
    TableStatus: 'ACTIVE',
    CreationDateTime: new Date(table.createdAtMs),
    ProvisionedThroughput: {
      NumberOfDecreasesToday: 0,
      ReadCapacityUnits: table.readCapacityUnits,
      WriteCapacityUnits: table.writeCapacityUnits,
    },
    TableSizeBytes: 0,
    ItemCount: table.items.size,
    TableArn: table.arn,
    TableId: table.id,
    ...(onDemand && {
      BillingModeSummary: {
        BillingMode: 'PAY_PER_REQUEST',
        LastUpdateToPayPerRequestDateTime: new Date(table.createdAtMs),
      },
    }),
    DeletionProtectionEnabled: false,
  };
}

type NewTable = Omit<TableState, 'items' | 'id' | 'arn' | 'createdAtMs'>;

function validateCreateTable(input: WireJson): NewTable {
  const keySchema = input.KeySchema as Partial<KeySchemaElement>[] | undefined;
  const definitions = input.AttributeDefinitions as Partial<AttributeDefinition>[] | undefined;
  const throughput = input.ProvisionedThroughput as
    { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined;
  const constraints = checkTableName(new Constraints(), input.TableName)
    .notNull(definitions, 'attributeDefinitions')
    .notNull(keySchema, 'keySchema')
    .length(keySchema, 'keySchema', 1, 2)
    .oneOf(input.BillingMode, 'billingMode', ['PROVISIONED', 'PAY_PER_REQUEST']);
  keySchema?.forEach((element, index) => {
    const at = `keySchema.${index + 1}.member`;
    constraints
      .notNull(element.AttributeName, `${at}.attributeName`)
      .length(element.AttributeName, `${at}.attributeName`, 1, 255)
      .notNull(element.KeyType, `${at}.keyType`)
      .oneOf(element.KeyType, `${at}.keyType`, ['HASH', 'RANGE']);
  });
  definitions?.forEach((definition, index) => {
    const at = `attributeDefinitions.${index + 1}.member`;
    constraints
      .notNull(definition.AttributeName, `${at}.attributeName`)
      .notNull(definition.AttributeType, `${at}.attributeType`)
      .oneOf(definition.AttributeType, `${at}.attributeType`, ['B', 'N', 'S']);
  });
  if (throughput) {
    constraints
      .range(throughput.ReadCapacityUnits, 'provisionedThroughput.readCapacityUnits', 1)
      .range(throughput.WriteCapacityUnits, 'provisionedThroughput.writeCapacityUnits', 1);
  }
  constraints.throwIfAny();

  const billingMode = (input.BillingMode ?? 'PROVISIONED') as NewTable['billingMode'];
  const invalid = (detail: string) =>
    validationError(`One or more parameter values were invalid: ${detail}`);
  if (billingMode === 'PAY_PER_REQUEST' && throughput) {
    throw invalid(
      'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
  }
  if (
    billingMode === 'PROVISIONED' &&
    (throughput?.ReadCapacityUnits === undefined || throughput.WriteCapacityUnits === undefined)
  ) {
    throw invalid(
      'ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
  }
  for (const [field, value] of Object.entries(throughput ?? {})) {
    if (typeof value === 'number' && value > MAX_CAPACITY_UNITS) {
      throw validationError(`Given value ${value} for ${field} is out of bounds`);
    }
  }

  const keys = keySchema!.map((element) => element.AttributeName!);
  const defined = definitions!.map((definition) => definition.AttributeName!);
  if (keys.length > defined.length) {
    throw validationError('Invalid KeySchema: Some index key attribute have no definition');
  }
  if (keys.some((key) => !defined.includes(key))) {
    throw invalid(
      `Some index key attributes are not defined in AttributeDefinitions. Keys: [${keys.join(', ')}], AttributeDefinitions: [${defined.join(', ')}]`,
    );
  }
  if (keys.length === 2 && keys[0] === keys[1]) {
    throw validationError(
      'Both the Hash Key and the Range Key element in the KeySchema have the same name',
    );
  }
  if (keySchema![0]!.KeyType !== 'HASH') {
    throw validationError('Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
  }
  if (keySchema![1] && keySchema![1].KeyType !== 'RANGE') {
    throw validationError('Invalid KeySchema: The second KeySchemaElement is not a RANGE key type');
  }
  if (keys.length !== defined.length) {
    throw invalid(
      'Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
  }
  return {
    name: tableNameOf(input.TableName),
    keySchema: keySchema as KeySchemaElement[],
    attributeDefinitions: definitions as AttributeDefinition[],
    billingMode,
    readCapacityUnits: throughput?.ReadCapacityUnits ?? 0,
    writeCapacityUnits: throughput?.WriteCapacityUnits ?? 0,
  };
}
