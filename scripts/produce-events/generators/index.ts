/**
 * The generator of each stream dataset, by dataset name. Which topic carries which dataset is the
 * platform definition's business; this table only says how to make a dataset's records.
 */
import { accessEvents } from './access-events';
import { interactions } from './interactions';
import { transactions } from './transactions';
import type { DatasetGenerator } from './types';
import { webLogs } from './web-logs';

export const GENERATORS: Readonly<Record<string, DatasetGenerator>> = {
  access_events: accessEvents,
  web_logs: webLogs,
  transactions,
  interactions,
};

export type { DatasetGenerator, FieldValue, GeneratedRecord, RecordGenerator } from './types';
