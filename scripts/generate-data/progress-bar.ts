/**
 * A terminal progress bar for long local steps (writing a day of objects, running jobs). On a
 * TTY it redraws one line in place (`\r`), at most about ten times a second, so a fast loop does
 * not spend its time printing; anywhere else (CI logs, a file) it prints only one final line,
 * since a log of hundreds of partial bars helps nobody; with `quiet` it prints nothing.
 */

/** The part of a stream the bar uses: `process.stderr` fits, and so does a test double. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  /** Width of the terminal, when known. */
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressBarOptions {
  /** What is in progress, printed first: `writing raw objects`. */
  readonly label: string;
  /** The count at which the work is complete. */
  readonly total: number;
  /** Name of what is counted. @default 'items' */
  readonly unit?: string;
  /** Where the bar is drawn. @default process.stderr */
  readonly stream?: ProgressStream;
  /** Print nothing at all. @default false */
  readonly quiet?: boolean;
  /** Milliseconds since some origin; injectable so tests need no real time. @default Date.now */
  readonly now?: () => number;
}

export interface ProgressBar {
  /** `n` more items are done. @default 1 */
  tick(n?: number): void;
  /** The work is over: draws the final state once. Further calls do nothing. */
  done(): void;
}

/** Fewest milliseconds between two redraws on a TTY. */
export const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 24;
const count = new Intl.NumberFormat('en-US');

export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const unit = options.unit ?? 'items';
  const total = Math.max(0, options.total);
  const started = now();
  let completed = 0;
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let finished = false;
  const quiet = options.quiet ?? false;
  const tty = stream.isTTY === true;

  const seconds = () => ((now() - started) / 1000).toFixed(1);
  const line = () => {
    const shown = Math.min(completed, total);
    const fraction = total === 0 ? 1 : shown / total;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
    const percent = String(Math.floor(fraction * 100)).padStart(3);
    const text = `${options.label} [${bar}] ${percent}% ${count.format(shown)}/${count.format(total)} ${unit} ${seconds()}s`;
    // A line wider than the terminal wraps, and `\r` would then redraw only its last row.
    return stream.columns !== undefined && text.length >= stream.columns
      ? text.slice(0, Math.max(0, stream.columns - 1))
      : text;
  };

  return {
    tick(n = 1) {
      if (finished) return;
      completed += n;
      if (quiet || !tty) return;
      const at = now();
      if (at - lastDrawn < REDRAW_INTERVAL_MS) return;
      lastDrawn = at;
      stream.write(`\r${line()}`);
    },
    done() {
      if (finished) return;
      finished = true;
      if (quiet) return;
      if (tty) stream.write(`\r${line()}\n`);
      else
        stream.write(
          `${options.label}: ${count.format(completed)}/${count.format(total)} ${unit} in ${seconds()}s\n`,
        );
    },
  };
}
