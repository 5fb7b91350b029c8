/** The errors DynamoDB returns, spelled once so every operation words them the same way. */
import { AwsError } from '../../core/aws-error';
import type { Item } from './item';

export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message, 400);
}

export function tableNotFound(tableName?: string): AwsError {
  return new AwsError(
    'ResourceNotFoundException',
    tableName === undefined
      ? 'Requested resource not found'
      : `Requested resource not found: Table: ${tableName} not found`,
    400,
  );
}

export function resourceInUse(message: string): AwsError {
  return new AwsError('ResourceInUseException', message, 400);
}

/**
 * A failed ConditionExpression. It carries the item as it was when the caller asked for it
 * (ReturnValuesOnConditionCheckFailure=ALL_OLD); the service's error renderer adds it to the
 * body, because AwsError's fields hold only scalars.
 */
export class ConditionalCheckFailedError extends AwsError {
  constructor(readonly item: Item | undefined) {
    super('ConditionalCheckFailedException', 'The conditional request failed', 400);
  }
}
