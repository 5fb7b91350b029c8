/**
 * Typed errors of `npm run link-clouds`. The CLI maps them to exit codes by class: a mistake on
 * the command line or in what the other cloud reported exits 2, a tool that could not be run 3.
 */

/** The outputs or files read do not hold what the link needs; names the source and the key. */
export class LinkInputError extends Error {
  override readonly name = 'LinkInputError';
}

/** A CLI the link needs to read the outputs (aws, pulumi) is missing or failed. */
export class ToolUnavailableError extends Error {
  override readonly name = 'ToolUnavailableError';
}
