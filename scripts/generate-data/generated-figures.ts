/** What a generated day holds, counted as it is made: the figures the local run reports. */
export interface GeneratedFigures {
  readonly datasets: readonly {
    readonly dataset: string;
    readonly objects: number;
    readonly records: number;
    readonly bytes: number;
    /** Records the clean zone must reject (malformed, bad e-mail, impossible values). */
    readonly dirtyRecords: number;
    /** Records written twice (a replayed batch); the clean zone keeps one. */
    readonly duplicates: number;
  }[];
  /** The customer history written before the day, as backfill files. */
  readonly history: HistoryFigures;
  readonly badEmails: number;
  /** The injected bot-like burst of web requests. */
  readonly botBurst: {
    readonly startMinute: string;
    readonly minutes: number;
    readonly clientIp: string;
    readonly requests: number;
  };
}

/** The customer history before the generated day: one backfill file per dataset and day. */
export interface HistoryFigures {
  readonly days: number;
  readonly datasets: readonly {
    readonly dataset: string;
    readonly objects: number;
    readonly records: number;
    readonly bytes: number;
  }[];
}
