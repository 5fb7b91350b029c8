// Each jest project (tier) declares its own timeout in jest.config.js `globals`; jest 29 has no
// per-project `testTimeout`, so it is applied here, before the tier's tests run.
declare const tierTimeoutMs: number;
jest.setTimeout(tierTimeoutMs);
