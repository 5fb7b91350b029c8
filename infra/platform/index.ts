export * from './catalog';
export { PLATFORM_DEFINITION } from './definition';
export * from './federation';
export * from './load';
export * from './naming';
export * from './schema';
export * from './marketplace-api';
export * from './record-values';
export * from './topic-messages';
