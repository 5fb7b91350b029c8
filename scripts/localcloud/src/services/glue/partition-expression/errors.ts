/**
 * Why a partition predicate was refused. The Glue service answers it with
 * InvalidInputException and this message; the parser stays free of wire concerns.
 */
export class PartitionExpressionError extends Error {
  override readonly name = 'PartitionExpressionError';
}
