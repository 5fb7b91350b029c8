/** Page addresses of the simulated shop, shared by the interaction and web-log generators. */
import type { Random } from '../random';
import type { Product } from '../world';

/** A reserved example domain (RFC 2606), so no generated address points at a real site. */
export const SHOP_ORIGIN = 'https://shop.example.com';

const SEARCH_TERMS = [
  'headphones',
  'running shoes',
  'coffee maker',
  'usb c cable',
  'phone case',
  'yoga mat',
  'board game',
  'face cream',
  'backpack',
  'lego',
  'kindle',
  'desk lamp',
  'air fryer',
  'tshirt',
  'olive oil',
  'water bottle',
  'wireless mouse',
  'cookbook',
  'sunglasses',
  'gift card',
];

export const productPath = (product: Product): string => `/products/${product.slug}`;
export const categoryPath = (category: string): string => `/category/${category.replace('_', '-')}`;

export function searchPath(random: Random): string {
  const term = random.pick(SEARCH_TERMS);
  // Shoppers misspell and shorten; a few searches are cut off mid-word.
  const typed = random.chance(0.05) ? term.slice(0, Math.max(2, term.length - 3)) : term;
  return `/search?q=${encodeURIComponent(typed).replace(/%20/g, '+')}`;
}
