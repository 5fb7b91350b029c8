/** Runs the named steps of a local run in order, timing each and telling the user where it is. */

/** The steps of `npm start`, in order: the names the progress lines, the report and bench show. */
export const LOCAL_RUN_STEPS = {
  startCloud: 'start localcloud (AWS + ADLS endpoints)',
  deploy: 'deploy the platform definition onto localcloud',
  startFunctions: 'start the Lambda functions',
  startStream: 'start the streaming jobs (stream_to_raw, one per topic)',
  generate: 'generate the day',
  corrupt: 'corrupt one raw object at rest (the transfer retries it)',
  migrate: 'apply the warehouse migrations (custom resource)',
  write:
    'write the customer history and the batch datasets into the raw zone (mirrored and registered as it lands)',
  stream: 'stream the day: producer → Kafka → streaming jobs → raw zone',
  lastReceive: 'wait for the corrupt object to fail its fifth and last receive',
  repair: 'repair the corrupt object (upload it again)',
  etl: 'run the ETL jobs (raw → clean → curated)',
  warehouseLoad:
    'load the warehouse (ELT on the job event), then export the recommendation model (on its success)',
  questions: 'answer the business questions (Data API), once the customer models are ready',
  models: 'measure the customer models against the planted truth',
  recommendations: 'ask the API for each customer with a next order and judge the recommendations',
  reconcile: 'reconcile S3 with ADLS',
} as const;

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
