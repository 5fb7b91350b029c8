/**
 * The AWS SDK's Node.js support notice stays out of the tools' output: every command-line entry
 * point of package.json loads the switch before anything else, jest loads it for every tier, and
 * an explicit value set by the user wins.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  AWS_SDK_NODE_NOTICE_SWITCH,
  switchOffAwsSdkNodeNotice,
} from '../../../../scripts/shared/aws-sdk-node-notice';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const NOTICE_MODULE = join(ROOT, 'scripts', 'shared', 'aws-sdk-node-notice');

/** Entry points that create no AWS SDK client and must not import the rest of the project. */
const EXEMPT = new Map([
  ['scripts/localcloud/src/cli.ts', 'its own package: it imports nothing from the project'],
  ['scripts/system-tools/cli.ts', 'checks Debian packages before anything else runs'],
]);

function tsxEntryPoints(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const entries = Object.values(scripts).flatMap((command) =>
    [...command.matchAll(/\btsx\s+(\S+\.ts)\b/g)].map((match) => match[1] ?? ''),
  );
  return [...new Set(entries)].filter((entry) => !EXEMPT.has(entry));
}

function firstImport(entry: string): string | undefined {
  const source = readFileSync(join(ROOT, entry), 'utf8');
  const specifier = /^import\s+(?:[^'"]*\sfrom\s+)?['"]([^'"]+)['"]/m.exec(source)?.[1];
  return specifier?.startsWith('.') ? resolve(ROOT, dirname(entry), specifier) : specifier;
}

describe('the AWS SDK Node.js support notice', () => {
  it('is the SDK switch the README and docs/decisions.md name', () => {
    expect(AWS_SDK_NODE_NOTICE_SWITCH).toBe('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED');
  });

  it.each(tsxEntryPoints())('is switched off first thing in %s', (entry) => {
    expect(firstImport(entry)).toBe(NOTICE_MODULE);
  });

  it('is switched off in every jest tier before a test file runs', async () => {
    const { projects } = (await import(join(ROOT, 'jest.config.js'))) as {
      projects: { displayName: string; setupFiles?: string[] }[];
    };
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects)
      expect(project.setupFiles).toContain('<rootDir>/scripts/shared/aws-sdk-node-notice.ts');
  });

  it("leaves the user's explicit value alone, and defaults to off", () => {
    const explicit: NodeJS.ProcessEnv = { [AWS_SDK_NODE_NOTICE_SWITCH]: 'false' };
    const unset: NodeJS.ProcessEnv = {};

    switchOffAwsSdkNodeNotice(explicit);
    switchOffAwsSdkNodeNotice(unset);

    expect(explicit[AWS_SDK_NODE_NOTICE_SWITCH]).toBe('false');
    expect(unset[AWS_SDK_NODE_NOTICE_SWITCH]).toBe('true');
  });
});
