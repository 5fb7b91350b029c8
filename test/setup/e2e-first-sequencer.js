// The order jest starts test files in. On a fresh machine (CI) jest knows no file's duration and
// starts the largest files first; an e2e file is not large but runs for minutes (the local run,
// the live dashboard waiting for minutes to close), and started late it would run alone at the
// end while the other worker idles. The e2e tier therefore starts first, the rest in jest's order.
const Sequencer = require('@jest/test-sequencer').default;
const { sep } = require('node:path');

const E2E = `${sep}test${sep}e2e${sep}`;

class E2eFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const e2e = sorted.filter((test) => test.path.includes(E2E));
    return [...e2e, ...sorted.filter((test) => !test.path.includes(E2E))];
  }
}

module.exports = E2eFirstSequencer;
