import {
  createProgressBar,
  REDRAW_INTERVAL_MS,
  type ProgressStream,
} from '../../../../scripts/generate-data/progress-bar';

function fakeStream(isTTY: boolean, columns?: number): ProgressStream & { writes: string[] } {
  const writes: string[] = [];
  return {
    isTTY,
    ...(columns !== undefined && { columns }),
    writes,
    write: (text: string) => writes.push(text),
  };
}

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('createProgressBar on a TTY', () => {
  it('redraws in place, at most once per interval, and ends with the complete bar', () => {
    const stream = fakeStream(true);
    const clock = manualClock();
    const bar = createProgressBar({
      label: 'writing',
      total: 4,
      unit: 'objects',
      stream,
      now: clock.now,
    });

    bar.tick(); // first tick draws
    bar.tick(); // same instant: throttled
    clock.advance(REDRAW_INTERVAL_MS);
    bar.tick(); // an interval later: draws
    clock.advance(REDRAW_INTERVAL_MS / 2);
    bar.tick(); // too soon: throttled
    bar.done();

    expect(stream.writes).toHaveLength(3);
    expect(stream.writes.every((text) => text.startsWith('\r'))).toBe(true);
    expect(stream.writes[0]).toContain('1/4 objects');
    expect(stream.writes[1]).toContain('3/4 objects');
    expect(stream.writes[2]).toMatch(/^\rwriting \[#{24}\] 100% 4\/4 objects 0\.\ds\n$/);
  });

  it('cuts the line to the terminal width so the carriage return redraws all of it', () => {
    const stream = fakeStream(true, 30);
    const bar = createProgressBar({
      label: 'a long label for a narrow terminal',
      total: 2,
      stream,
    });
    bar.tick();
    bar.done();
    for (const text of stream.writes) expect(text.replace(/[\r\n]/g, '').length).toBeLessThan(30);
  });

  it('prints the final state only once', () => {
    const stream = fakeStream(true);
    const bar = createProgressBar({ label: 'x', total: 1, stream });
    bar.done();
    bar.done();
    bar.tick();
    expect(stream.writes).toHaveLength(1);
  });
});

describe('createProgressBar elsewhere', () => {
  it('prints one final line, without carriage returns, when the stream is not a TTY', () => {
    const stream = fakeStream(false);
    const clock = manualClock();
    const bar = createProgressBar({
      label: 'writing',
      total: 1500,
      unit: 'objects',
      stream,
      now: clock.now,
    });
    for (let index = 0; index < 1500; index += 1) bar.tick();
    clock.advance(2_500);
    bar.done();
    expect(stream.writes).toEqual(['writing: 1,500/1,500 objects in 2.5s\n']);
  });

  it('prints nothing at all when quiet, TTY or not', () => {
    for (const isTTY of [true, false]) {
      const stream = fakeStream(isTTY);
      const bar = createProgressBar({ label: 'x', total: 3, stream, quiet: true });
      bar.tick(3);
      bar.done();
      expect(stream.writes).toEqual([]);
    }
  });

  it('defaults the unit to items and copes with an empty total', () => {
    const stream = fakeStream(false);
    const bar = createProgressBar({ label: 'nothing', total: 0, stream });
    bar.done();
    expect(stream.writes[0]).toMatch(/^nothing: 0\/0 items in \d+\.\ds\n$/);
  });
});
