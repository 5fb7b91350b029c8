/** One local Glue job run, as the local run reports it. */
export interface GlueJobFigures {
  readonly jobName: string;
  readonly state: string;
  readonly seconds: number;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly rejected: number;
  readonly message?: string;
}
