/**
 * The blend, pure and deterministic: the same history and model give the same answer, in the
 * same order, every time.
 *
 * 1. Every seed (seeds.ts) lends its weight to the products related to it: a candidate's score is
 *    Σ seed weight × affinity score over the seeds it is related to. A product the user has just
 *    bought is never a candidate. `because_of` is the seed that gave it most (the newer seed on a
 *    tie); candidates are ranked by score, then product id.
 * 2. Up to `limit`, the rest is filled with the user's country's best sellers, then everywhere's,
 *    in their lists' order, skipping what was just bought or is already in the answer. Their
 *    score is their buyers as a share of their list's best seller's: a popular product's score
 *    says how popular it is, and is not comparable with a related product's.
 */
import type { RecommendationReason } from '../../infra/aws/facts/recommendations';
import { byCodeUnits, type Seed } from './seeds';

export interface RelatedProduct {
  readonly product_id: string;
  readonly score: number;
}

export interface PopularProduct {
  readonly product_id: string;
  readonly buyers: number;
}

export interface BlendInputs {
  /** Newest first (collectSeeds). */
  readonly seeds: readonly Seed[];
  /** Each seed's related products, best first, by the seed's product id. */
  readonly related: ReadonlyMap<string, readonly RelatedProduct[]>;
  /** The best sellers to fill with, in order: the user's country's, then everywhere's. */
  readonly popular: readonly (readonly PopularProduct[])[];
  readonly justBought: ReadonlySet<string>;
  readonly limit: number;
}

export interface Recommendation {
  readonly product_id: string;
  readonly rank: number;
  readonly score: number;
  readonly reason: RecommendationReason;
  readonly because_of?: string;
}

export interface Blend {
  readonly strategy: 'personalised' | 'popular';
  readonly recommendations: readonly Recommendation[];
}

/** Scores are rounded for the answer only; ranks come from the exact sums. */
const SCORE_DIGITS = 4;

interface Candidate {
  readonly productId: string;
  score: number;
  /** The seed that gave most so far, and how much; seeds come newest first, so ties keep the newer. */
  becauseOf: string;
  best: number;
}

export function blendRecommendations(inputs: BlendInputs): Blend {
  const chosen = relatedCandidates(inputs)
    .slice(0, inputs.limit)
    .map((candidate): Omit<Recommendation, 'rank'> => ({
      product_id: candidate.productId,
      score: round(candidate.score),
      reason: 'related',
      because_of: candidate.becauseOf,
    }));
  const taken = new Set(chosen.map((recommendation) => recommendation.product_id));
  for (const list of inputs.popular) {
    const top = list.reduce((most, product) => Math.max(most, validBuyers(product)), 0);
    for (const product of list) {
      if (chosen.length >= inputs.limit) break;
      const id = product.product_id;
      if (!isProductId(id) || taken.has(id) || inputs.justBought.has(id)) continue;
      taken.add(id);
      chosen.push({
        product_id: id,
        score: top > 0 ? round(validBuyers(product) / top) : 0,
        reason: 'popular',
      });
    }
  }
  return {
    strategy: chosen.some((recommendation) => recommendation.reason === 'related')
      ? 'personalised'
      : 'popular',
    recommendations: chosen.map((recommendation, index) => ({
      ...recommendation,
      rank: index + 1,
    })),
  };
}

function relatedCandidates({ seeds, related, justBought }: BlendInputs): Candidate[] {
  const candidates = new Map<string, Candidate>();
  for (const seed of seeds) {
    for (const product of related.get(seed.productId) ?? []) {
      const id = product.product_id;
      if (!isProductId(id) || justBought.has(id)) continue;
      if (!(Number.isFinite(product.score) && product.score > 0)) continue;
      const given = seed.weight * product.score;
      const candidate = candidates.get(id);
      if (!candidate) {
        candidates.set(id, { productId: id, score: given, becauseOf: seed.productId, best: given });
        continue;
      }
      candidate.score += given;
      if (given > candidate.best) {
        candidate.best = given;
        candidate.becauseOf = seed.productId;
      }
    }
  }
  return [...candidates.values()].sort(
    (a, b) => b.score - a.score || byCodeUnits(a.productId, b.productId),
  );
}

function isProductId(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function validBuyers(product: PopularProduct): number {
  return Number.isFinite(product.buyers) && product.buyers > 0 ? product.buyers : 0;
}

function round(value: number): number {
  const factor = 10 ** SCORE_DIGITS;
  return Math.round(value * factor) / factor;
}
