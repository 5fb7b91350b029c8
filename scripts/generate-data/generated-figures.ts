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
  /** The web log lines out of the ordinary, and what the clean job must make of them. */
  readonly webLogLines: WebLogLineFigures;
  /** The injected bot-like burst of web requests. */
  readonly botBurst: {
    readonly startMinute: string;
    readonly minutes: number;
    readonly clientIp: string;
    readonly requests: number;
  };
  /** Which products go together: the answer key of recommendations. */
  readonly affinities: AffinityFigures;
}

/**
 * The planted item-to-item affinities (`scripts/produce-events/affinities.ts`): each product's
 * companions, the other products of its bundle, and how often a shopper's next product is one of
 * the companions of what they bought or viewed last. Each customer's held-out purchases are in
 * `truth.plantedCustomers[]`: `last_order` (written, held out of the history before it) and
 * `next_order` (the first order planned after the day, never written).
 */
export interface AffinityFigures {
  readonly followsCompanion: number;
  /** Product id → its companions' ids, sorted; every product of the catalogue is a key. */
  readonly companions: Readonly<Record<string, readonly string[]>>;
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

/**
 * What the day's web log holds besides nginx's combined lines: kept records of the legacy
 * server's common log format (each with a host-name client), and among all kept records those
 * whose size is `-` (no body: 0 bytes), no protocol or a path that is not ASCII, each counted once however
 * often its line was written; and every line the clean job rejects, by its reason
 * (`raw_line:…`), a replayed line counting twice, as the clean job sees it.
 */
export interface WebLogLineFigures {
  readonly commonLogFormat: number;
  readonly hostNameClients: number;
  readonly dashBytes: number;
  readonly withoutProtocol: number;
  readonly nonAsciiPaths: number;
  readonly rejected: Readonly<Record<string, number>>;
}
