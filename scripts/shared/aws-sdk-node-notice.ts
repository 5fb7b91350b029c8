/**
 * Imported first by every command-line entry point in `scripts/`, and set up for jest, before any
 * AWS SDK client exists. On Node.js older than its next minimum (22, for SDK releases after the
 * first week of January 2027), the AWS SDK for JavaScript v3 prints a NodeVersionSupportWarning of
 * several lines when a process creates its first client: on the supported Node.js 20 that is news
 * about future SDK releases, not about the run, and it used to be the first thing `npm start`
 * printed. The README states the supported versions instead. The switch is the SDK's own
 * documented opt-out (aws/aws-sdk-js-v3#7983); other warnings still print. An explicit value wins:
 * `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false npm start` shows the notice again.
 */

/** The environment variable the SDK reads (`@aws-sdk/core`, emitWarningIfUnsupportedVersion). */
export const AWS_SDK_NODE_NOTICE_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Turns the notice off in `env` unless it already says otherwise. */
export function switchOffAwsSdkNodeNotice(env: NodeJS.ProcessEnv = process.env): void {
  env[AWS_SDK_NODE_NOTICE_SWITCH] ??= 'true';
}

switchOffAwsSdkNodeNotice();
