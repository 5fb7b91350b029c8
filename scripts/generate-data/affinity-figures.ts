/** The answer key of recommendations: the affinities planted in the world's catalogue. */
import { AFFINITY_PLANT } from '../produce-events/affinities';
import type { World } from '../produce-events/world';
import type { AffinityFigures } from './generated-figures';

/** Every product's planted companions, by id, with the chance that a next product follows them. */
export function affinityFigures(world: World): AffinityFigures {
  return {
    followsCompanion: AFFINITY_PLANT.followsCompanion,
    companions: Object.fromEntries(
      world.productList.map((product) => [
        product.id,
        world.affinities
          .companionsOf(product)
          .map((companion) => companion.id)
          .sort(),
      ]),
    ),
  };
}
