/**
 * One copy in its own process, bundled by run-child.ts: `node copy-child.mjs '<ChildInput
 * JSON>'`. Prints one JSON line (ChildReport) on stdout. Only the modules of the chosen copy are
 * loaded, so the baseline's memory is that of a bare pipe.
 */
import { readFileSync } from 'node:fs';
import { ACCOUNT_KEY_VARIABLE, type ChildInput, type ChildReport } from './child-protocol';

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '') as ChildInput;
  if (input.kind === 'baseline') {
    const { rawCopy } = await import('./raw-copy');
    const accountKey = process.env[ACCOUNT_KEY_VARIABLE];
    if (!accountKey) throw new Error(`${ACCOUNT_KEY_VARIABLE} is not set`);
    const rssBeforeCopyKiB = process.memoryUsage().rss / 1024;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const bytes = await rawCopy({ ...input, accountKey });
    report({ durationMs: performance.now() - started, cpuMs: cpuMs(cpu), rssBeforeCopyKiB, bytes });
    return;
  }
  const { functionCopy } = await import('./function-copy');
  const rssBeforeCopyKiB = process.memoryUsage().rss / 1024;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await functionCopy(input.eventBody);
  report({
    durationMs: performance.now() - started,
    cpuMs: cpuMs(cpu),
    rssBeforeCopyKiB,
    ...result,
  });
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Peak RSS of this process image (exec reset it), from the kernel; undefined off Linux. */
function peakRssKiB(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function report(figures: Omit<ChildReport, 'maxRssKiB' | 'peakRssKiB'>): void {
  const peak = peakRssKiB();
  const full: ChildReport = {
    ...figures,
    maxRssKiB: process.resourceUsage().maxRSS,
    ...(peak !== undefined && { peakRssKiB: peak }),
  };
  process.stdout.write(`${JSON.stringify(full)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
