/**
 * The resident memory of a process and all its descendants, read from /proc (Linux): a local
 * run is a tree (the run itself with the embedded database's worker thread, a container process
 * per warm function, the Glue job's Python), and "the whole run" is the tree's sum.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_KIB = 4;

interface ProcessEntry {
  readonly pid: number;
  readonly parent: number;
  readonly rssKiB: number;
}

function readEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after it start
    // after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields from 3 on: state, ppid (4), …, rss in pages (24).
    return { pid, parent: Number(fields[1]), rssKiB: Number(fields[21]) * PAGE_KIB };
  } catch {
    return undefined; // gone between the listing and the read
  }
}

/** The sum of RSS over `root` and its descendants, in KiB; 0 once `root` has exited. */
export function treeRssKiB(root: number): number {
  const entries = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readEntry(Number(name)))
    .filter((entry): entry is ProcessEntry => entry !== undefined);
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of entries) {
    const siblings = children.get(entry.parent) ?? [];
    siblings.push(entry);
    children.set(entry.parent, siblings);
  }
  let total = 0;
  const pending = entries.filter((entry) => entry.pid === root);
  while (pending.length > 0) {
    const entry = pending.pop()!;
    total += entry.rssKiB;
    pending.push(...(children.get(entry.pid) ?? []));
  }
  return total;
}

/** Samples the tree's RSS every `intervalMs` until stopped; `peakKiB` is the highest sum seen. */
export function sampleTreeRss(root: number, intervalMs = 100): { stop(): number } {
  let peakKiB = 0;
  const sample = () => {
    peakKiB = Math.max(peakKiB, treeRssKiB(root));
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peakKiB;
    },
  };
}
