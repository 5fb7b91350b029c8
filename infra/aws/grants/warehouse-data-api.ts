import { Stack, Tags, aws_iam as iam, type aws_kms as kms } from 'aws-cdk-lib';
import type { PlatformFunction } from '../constructs/platform-function';

/** Submitting SQL: the Data API authorises these on the workgroup. */
export const DATA_API_SUBMIT_ACTIONS = [
  'redshift-data:ExecuteStatement',
  'redshift-data:BatchExecuteStatement',
];

/**
 * Following a statement up. These actions have no resource type; the condition limits them to
 * statements the caller itself submitted.
 */
export const DATA_API_FOLLOW_UP_ACTIONS = [
  'redshift-data:DescribeStatement',
  'redshift-data:GetStatementResult',
  'redshift-data:CancelStatement',
];

/**
 * The IAM principal tag Redshift Serverless reads when `GetCredentials` signs an IAM identity in:
 * its value, database role names separated by `:`, are granted to the identity's database user.
 */
export const DATABASE_ROLES_TAG = 'RedshiftDbRoles';

/** Redshift reads the caller's principal tags with these; neither has a resource type. */
export const TAG_READ_ACTIONS = ['tag:GetResources', 'tag:GetTagKeys'];

/** A tag value holds at most 256 characters. */
const MAX_TAG_VALUE = 256;
const DATABASE_ROLE_NAME = /^[a-z_][a-z0-9_]{0,126}$/;

/** Who the function is in the database. */
export type WarehouseIdentity =
  | {
      /**
       * Its own IAM identity (`GetCredentials`, database user `IAMR:<role name>`), granted these
       * database roles at sign-in through the `RedshiftDbRoles` tag. The roles must exist (a
       * migration creates them); Redshift ignores a tagged role that does not.
       */
      readonly kind: 'iam';
      readonly databaseRoles: readonly string[];
    }
  | {
      /** The database user of a Secrets Manager secret (`SecretArn`), read through the Data API. */
      readonly kind: 'secret';
      readonly secretArn: string;
      /** The key the secret is encrypted with. */
      readonly secretKey: kms.IKey;
    };

/** The identity cannot be expressed as a tag or grant. */
export class WarehouseIdentityError extends Error {
  override readonly name = 'WarehouseIdentityError';
}

/**
 * Lets a function run SQL on one workgroup through the Data API: submit on this workgroup only,
 * follow up its own statements only, and connect as `identity`.
 */
export function grantWarehouseStatements(
  fn: PlatformFunction,
  workgroupArn: string,
  identity: WarehouseIdentity,
): void {
  const statements = [
    new iam.PolicyStatement({
      sid: 'SubmitStatementsToTheWorkgroup',
      actions: DATA_API_SUBMIT_ACTIONS,
      resources: [workgroupArn],
    }),
    new iam.PolicyStatement({
      sid: 'FollowOwnStatements',
      actions: DATA_API_FOLLOW_UP_ACTIONS,
      resources: ['*'],
      conditions: {
        StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' },
      },
    }),
    ...(identity.kind === 'iam'
      ? connectAsOwnIdentity(fn, workgroupArn, identity.databaseRoles)
      : connectWithSecret(fn, identity.secretArn, identity.secretKey)),
  ];
  for (const statement of statements) fn.role.addToPrincipalPolicy(statement);
  const readsTags = identity.kind === 'iam' && identity.databaseRoles.length > 0;
  fn.acknowledgeWildcard(
    'Resource::*',
    "The Data API's DescribeStatement, GetStatementResult and CancelStatement and the X-Ray write actions have no resource type; the Data API actions are limited to the function's own statements by redshift-data:statement-owner-iam-userid." +
      (readsTags
        ? ' tag:GetResources and tag:GetTagKeys have no resource type either; they only read tags, which Redshift needs to see the RedshiftDbRoles tag of this role.'
        : ''),
  );
}

function connectAsOwnIdentity(
  fn: PlatformFunction,
  workgroupArn: string,
  databaseRoles: readonly string[],
): iam.PolicyStatement[] {
  const statements = [
    new iam.PolicyStatement({
      sid: 'ConnectAsOwnIdentity',
      actions: ['redshift-serverless:GetCredentials'],
      resources: [workgroupArn],
    }),
  ];
  if (databaseRoles.length === 0) return statements;
  Tags.of(fn.role).add(DATABASE_ROLES_TAG, databaseRolesTagValue(databaseRoles));
  statements.push(
    new iam.PolicyStatement({
      sid: 'ReadOwnDatabaseRolesTag',
      actions: TAG_READ_ACTIONS,
      resources: ['*'],
    }),
  );
  return statements;
}

/** `elt_writer` or `a:b`: what the tag holds. */
export function databaseRolesTagValue(databaseRoles: readonly string[]): string {
  for (const role of databaseRoles)
    if (!DATABASE_ROLE_NAME.test(role))
      throw new WarehouseIdentityError(
        `"${role}" is not a database role name a tag can carry (lower-case letters, digits and _, not starting with a digit)`,
      );
  const value = databaseRoles.join(':');
  if (value.length > MAX_TAG_VALUE)
    throw new WarehouseIdentityError(
      `The database roles take ${value.length} characters; the ${DATABASE_ROLES_TAG} tag holds ${MAX_TAG_VALUE}`,
    );
  return value;
}

/**
 * With `SecretArn` the Data API reads the secret as the caller, so the caller needs the secret
 * and its key (through Secrets Manager only); it needs no `GetCredentials`.
 */
function connectWithSecret(
  fn: PlatformFunction,
  secretArn: string,
  secretKey: kms.IKey,
): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadTheConnectionSecret',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secretArn],
    }),
    new iam.PolicyStatement({
      sid: 'DecryptTheConnectionSecret',
      actions: ['kms:Decrypt'],
      resources: [secretKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(fn).region}.amazonaws.com` },
      },
    }),
  ];
}
