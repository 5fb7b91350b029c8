/** A seeded, sized synthetic day in the raw zone; see README.md. */
export {
  generateDay,
  regeneratedDay,
  generateRawDay,
  type GenerateDayOptions,
  type GeneratedDay,
  type RawObject,
} from './generate-day';
export { createProgressBar, type ProgressBar, type ProgressBarOptions } from './progress-bar';
export type { AccessEvent, CleanDay, Customer, Interaction, Transaction, WebLog } from './records';
export { parseSize, SIZE_NAMES, type GenerationSize } from './sizes';
export { putRawObject, writeGeneratedDay, type WriteDayOptions } from './write-day';
