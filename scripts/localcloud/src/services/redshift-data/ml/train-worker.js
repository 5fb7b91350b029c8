/**
 * Trains one model in a worker thread, so a training of seconds never blocks the emulator's
 * event loop (every other service keeps answering). Plain JavaScript so Node runs it without a
 * TypeScript loader. One model per worker: it posts { model } or { error } and exits.
 *
 * workerData: { kind: 'forest', rows, labels, options } or { kind: 'kmeans', rows, options }.
 * A forest comes back as plain trees (`{ column, split, left, right }` or `{ p }`, the share of
 * positives in the leaf); k-means as its centroids.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

/** ml-cart's node: internal when it has both children; its leaf distribution is a 1×K matrix. */
function plainTree(node, columns) {
  if (node.left && node.right)
    return {
      column: columns[node.splitColumn],
      split: node.splitValue,
      left: plainTree(node.left, columns),
      right: plainTree(node.right, columns),
    };
  // A leaf only class 0 reached has a one-element distribution: its share of positives is 0.
  const distribution = node.distribution.to2DArray
    ? node.distribution.to2DArray()
    : node.distribution;
  return { p: distribution[0][1] ?? 0 };
}

function trainForest({ rows, labels, options }) {
  const { RandomForestClassifier } = require('ml-random-forest');
  const forest = new RandomForestClassifier({
    nEstimators: options.trees,
    maxFeatures: options.featureShare,
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
    seed: options.seed,
    treeOptions: { maxDepth: options.maxDepth, minNumSamples: options.minLeafRows },
  });
  forest.train(rows, labels);
  // The library's predictProbability counts votes (and misses the first tree's); the trees
  // themselves are what the prediction function evaluates.
  return {
    trees: forest.estimators.map((tree, index) => plainTree(tree.root, forest.indexes[index])),
  };
}

async function trainKmeans({ rows, options }) {
  const { kmeans } = await import('ml-kmeans');
  let best;
  for (let restart = 0; restart < options.restarts; restart += 1) {
    const result = kmeans(rows, options.k, {
      initialization: 'kmeans++',
      seed: options.seed + restart,
      maxIterations: options.maxIterations,
    });
    const inertia = result
      .computeInformation(rows)
      .reduce((sum, cluster) => sum + cluster.size * cluster.error, 0);
    if (best === undefined || inertia < best.inertia) best = { result, inertia };
  }
  return { centroids: best.result.centroids, inertia: best.inertia };
}

(async () => {
  const model =
    workerData.kind === 'forest' ? trainForest(workerData) : await trainKmeans(workerData);
  parentPort.postMessage({ model });
})().catch((error) => {
  parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
});
