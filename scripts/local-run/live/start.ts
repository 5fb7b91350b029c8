/**
 * Going live from a command line (`npm start -- --keep`, `npm run live`): the live platform on
 * the dashboard port asked for, or on a free one when the default is taken, and the lines that
 * tell the user where to look and how to inject a bot burst.
 */
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { LocalDeployment } from '../../local-platform/deployment';
import type { LocalFunctions } from '../../local-platform/lambda-runtime';
import { startLivePlatform, type LiveOptions, type LivePlatform } from './live-platform';

export async function goLive(
  cloud: LocalCloud,
  deployment: LocalDeployment,
  functions: LocalFunctions,
  options: LiveOptions & { readonly portGiven: boolean },
): Promise<LivePlatform> {
  try {
    return await startLivePlatform(cloud, deployment, functions, options);
  } catch (error) {
    if (options.portGiven || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    options.log?.(`port ${options.port} is taken; the dashboard takes a free port instead`);
    return startLivePlatform(cloud, deployment, functions, { ...options, port: 0 });
  }
}

/** What to print once live. */
export function liveGuide(live: LivePlatform): string {
  return [
    `Live dashboard: ${live.url}`,
    'The producer keeps streaming; the dashboard refreshes every second.',
    'Inject a bot attack (the alert appears once its minute has closed, usually within a minute of its end):',
    `  npm run produce -- --burst --brokers ${live.brokers} --auth none`,
  ].join('\n');
}
