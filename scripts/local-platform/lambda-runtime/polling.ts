/** Small helpers the trigger loops share. */

/**
 * Locally every receive waits at most one second: a long poll cannot be abandoned without
 * stranding what it receives (the server still hides the messages), so short waits keep pause
 * and stop prompt without losing messages.
 */
export const RECEIVE_WAIT_SECONDS = 1;

/** After a failed receive (a queue being recreated, an injected fault): wait, then poll again. */
export const RECEIVE_ERROR_BACKOFF_MS = 500;

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

/** A switch loops wait on while their trigger is disabled. */
export class Gate {
  private open = true;
  private waiters: (() => void)[] = [];

  get isOpen(): boolean {
    return this.open;
  }

  close(): void {
    this.open = false;
  }

  reopen(): void {
    this.open = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves when the gate is open (or `signal` aborts). */
  async whenOpen(signal: AbortSignal): Promise<void> {
    while (!this.open && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.waiters.push(wake);
        signal.addEventListener('abort', wake);
      });
    }
  }
}
