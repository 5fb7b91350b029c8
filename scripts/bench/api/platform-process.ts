/** The platform process of `npm run bench:api` (platform.ts), seen from the load process. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../../shared/repository-root';
import {
  isPlatformMessage,
  type CpuTimes,
  type FaultsApplied,
  type LoadMessage,
  type PlatformMessage,
  type PlatformReady,
} from './protocol';

export interface PlatformProcess {
  readonly ready: PlatformReady;
  tell(message: LoadMessage): void;
  cpu(): Promise<CpuTimes>;
  faults(): Promise<FaultsApplied>;
  stop(): Promise<void>;
}

export async function startPlatform(containers: number | undefined): Promise<PlatformProcess> {
  const child: ChildProcess = fork(
    join(__dirname, 'platform.ts'),
    containers === undefined ? [] : [String(containers)],
    {
      cwd: REPOSITORY_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const waiting: ((message: PlatformMessage) => boolean)[] = [];
  child.on('message', (message) => {
    if (!isPlatformMessage(message)) return;
    const index = waiting.findIndex((wants) => wants(message));
    if (index !== -1) waiting.splice(index, 1);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the platform process exited with ${code}`))),
  );
  exited.catch(() => undefined);
  const next = <T extends PlatformMessage>(type: T['type']): Promise<T> =>
    Promise.race([
      exited,
      new Promise<T>((resolve) =>
        waiting.push((message) => {
          if (message.type !== type) return false;
          resolve(message as T);
          return true;
        }),
      ),
    ]);
  const ready = await next<PlatformReady>('ready');
  const tell = (message: LoadMessage) => child.send(message);
  return {
    ready,
    tell,
    cpu: () => {
      const answer = next<CpuTimes>('cpu');
      tell({ type: 'cpu' });
      return answer;
    },
    faults: () => {
      const answer = next<FaultsApplied>('faults-applied');
      tell({ type: 'faults' });
      return answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      tell({ type: 'stop' });
      await gone;
    },
  };
}

/** CPU used between two readings, ms: the platform process, and every container together. */
export function cpuBetween(
  before: CpuTimes,
  after: CpuTimes,
): { platformMs: number; containersMs: number; awsRequests: Record<string, number> } {
  let containersMs = 0;
  for (const [pid, ms] of Object.entries(after.containersMs))
    containersMs += ms - (before.containersMs[pid] ?? 0);
  const awsRequests: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after.awsRequests)) {
    const made = count - (before.awsRequests[operation] ?? 0);
    if (made > 0) awsRequests[operation] = made;
  }
  return { platformMs: after.platformMs - before.platformMs, containersMs, awsRequests };
}
