/**
 * A pool of open sessions, interleaved the way concurrent users interleave: each draw either
 * continues an open session or opens a new one, and a session closes after a random number of
 * events. Used by the access-event and shop-interaction generators.
 */
import type { Random } from '../random';

export interface Session<State> {
  readonly id: string;
  readonly state: State;
  /** Events left before the session closes. */
  remaining: number;
}

export interface SessionPoolOptions<State> {
  /** Most sessions open at once. */
  readonly maxOpen: number;
  /** Chance that a draw opens a new session while fewer than `maxOpen` are open. */
  readonly openChance: number;
  /** Draws the state and the number of events of a new session. */
  readonly open: () => { state: State; events: number };
}

export class SessionPool<State> {
  private readonly sessions: Session<State>[] = [];

  constructor(
    private readonly random: Random,
    private readonly options: SessionPoolOptions<State>,
  ) {}

  /** The session the next event belongs to, with its `remaining` count already taken. */
  draw(): { session: Session<State>; first: boolean } {
    const mayOpen = this.sessions.length < this.options.maxOpen;
    const first =
      this.sessions.length === 0 || (mayOpen && this.random.chance(this.options.openChance));
    const session = first ? this.openSession() : this.random.pick(this.sessions);
    session.remaining -= 1;
    if (session.remaining <= 0) this.sessions.splice(this.sessions.indexOf(session), 1);
    return { session, first };
  }

  private openSession(): Session<State> {
    const { state, events } = this.options.open();
    const session = { id: this.random.uuid(), state, remaining: Math.max(1, events) };
    this.sessions.push(session);
    return session;
  }
}
