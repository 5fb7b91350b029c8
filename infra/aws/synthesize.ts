import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type cx_api } from 'aws-cdk-lib';
import { addPlatformStacks, type PlatformStacks } from './platform-app';

/** The context of cdk.json (feature flags, defaults), so in-process synths match `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export interface SynthesizedPlatform {
  readonly app: App;
  readonly stacks: PlatformStacks;
  readonly assembly: cx_api.CloudAssembly;
}

/**
 * Builds and synthesizes every platform stack in this process: no CLI, no Docker, no
 * credentials. Lambda bundling is skipped (`aws:cdk:bundling-stacks: []`) so it stays fast;
 * cdk-nag findings make it throw, exactly as they make `cdk synth` fail.
 */
export function synthesizePlatform(
  context: Record<string, unknown> = {},
  outdir?: string,
): SynthesizedPlatform {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
    ...(outdir !== undefined && { outdir }),
  });
  const stacks = addPlatformStacks(app);
  const assembly = app.synth();
  return { app, stacks, assembly };
}
