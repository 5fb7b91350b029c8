/**
 * The programs outside npm that the tests run, and the Debian packages that provide them: the one
 * place that lists them. `npm test` checks them first (`cli.ts`), `.ci/run` relies on that, and
 * the tests that start one find it with `locateTool`.
 */
import { accessSync, constants } from 'node:fs';
import { findOnPath } from '../shared/find-on-path';

export interface SystemTool {
  /** The command the tests start, looked up on PATH. */
  readonly command: string;
  /** The Debian packages that provide it, and what it needs besides to do its job. */
  readonly debianPackages: readonly string[];
  /** What needs it, for the message when it is missing. */
  readonly neededBy: string;
  /** A variable that may name the executable instead; when set, PATH is not searched. */
  readonly executableVariable?: string;
}

export const SYSTEM_TOOLS: readonly SystemTool[] = [
  {
    command: 'python3',
    debianPackages: ['python3'],
    neededBy: "the Glue helper module's tests and the local ETL jobs",
  },
  {
    command: 'chromium',
    // Chromium only recommends a font; without one the report's chart labels have no glyphs.
    debianPackages: ['chromium', 'fonts-liberation'],
    neededBy: "the HTML report's browser test",
    executableVariable: 'CHROMIUM_PATH',
  },
  {
    command: 'aws',
    debianPackages: ['awscli'],
    neededBy: 'the integration tests with the AWS CLI',
  },
  { command: 'rclone', debianPackages: ['rclone'], neededBy: 'the integration tests with rclone' },
  {
    // Debian's slim images (and many CI runners built on them) ship without it.
    command: 'curl',
    debianPackages: ['curl'],
    neededBy: 'the SQS query-protocol tests with curl',
  },
  {
    command: 'kcat',
    debianPackages: ['kcat'],
    neededBy: "the Kafka endpoint's tests with a librdkafka client",
  },
];

/**
 * Where the tool's executable is: the file its variable names if that is set (and executable),
 * otherwise the first match on PATH; undefined when it is not installed.
 */
export function locateTool(
  tool: SystemTool,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const named = tool.executableVariable === undefined ? undefined : env[tool.executableVariable];
  if (named === undefined || named === '') return findOnPath(tool.command, env);
  try {
    accessSync(named, constants.X_OK);
    return named;
  } catch {
    return undefined;
  }
}
