/** Runs the named steps of a local run in order, timing each and telling the user where it is. */
export interface StepLog {
  readonly steps: { name: string; seconds: number }[];
  run<T>(name: string, work: () => Promise<T>): Promise<T>;
}

export function stepLog(write: ((line: string) => void) | undefined): StepLog {
  const steps: { name: string; seconds: number }[] = [];
  return {
    steps,
    async run(name, work) {
      const started = performance.now();
      write?.(`▸ ${name}…`);
      try {
        return await work();
      } finally {
        const seconds = (performance.now() - started) / 1000;
        steps.push({ name, seconds: Math.round(seconds * 100) / 100 });
        write?.(`  ${name}: ${seconds.toFixed(1)} s`);
      }
    },
  };
}
