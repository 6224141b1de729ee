/**
 * Jest's test order, with one change for a run without timings (a fresh clone): the slow files go first, so a long
 * one does not start last and leave the other worker idle (jest's own order then is by file size, which starts the
 * big unit-test files first). Slow means, first, a file that raises jest's timeout (the Terraform ones), then one
 * that runs the project's commands through support/cli. Once jest has timings from a run, its order is kept.
 */
const { readFileSync } = require("node:fs");
const Sequencer = require("@jest/test-sequencer").default;

/** 2 for a file that raises jest's timeout, 1 for one that runs commands through support/cli, else 0. */
function weight(test) {
  const source = readFileSync(test.path, "utf8");
  return source.includes("jest.setTimeout(") ? 2 : source.includes('/support/cli"') ? 1 : 0;
}

module.exports = class extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.every((test) => test.duration != null)) return sorted;
    const weights = new Map(sorted.map((test) => [test, weight(test)]));
    return [...sorted].sort((a, b) => weights.get(b) - weights.get(a)); // stable: jest's order within a weight
  }
};
