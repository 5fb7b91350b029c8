/** An event pattern after validation: a JSON object whose leaves are arrays of conditions. */
export type PatternValue = string | number | boolean | null;
export type PatternCondition = PatternValue | { readonly [operator: string]: unknown };

export interface EventPattern {
  readonly [field: string]: readonly PatternCondition[] | EventPattern | readonly EventPattern[];
}

/** A pattern AWS would refuse; the message is the reason EventBridge gives. */
export class InvalidPatternError extends Error {
  override readonly name = 'InvalidPatternError';
}
