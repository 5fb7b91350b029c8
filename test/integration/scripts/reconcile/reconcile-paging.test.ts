/**
 * The reconcile pages through listings longer than one page on both sides: 1,150 keys in S3,
 * 1,147 of them in ADLS, written once for the file and read with the default page and with small
 * pages.
 */
import { useLocalCloud } from '../../../fixtures/localcloud';
import { Mirror, reconcileJson } from './mirror-fixture';

const cloud = useLocalCloud({}, { resetBeforeEach: false });
const KEYS = 1150;
let mirror: Mirror;
let dropped: Set<string | undefined>;

beforeAll(async () => {
  mirror = new Mirror(cloud());
  await mirror.create();
  const keys = Array.from(
    { length: KEYS },
    (_, index) =>
      `interactions/year=2024/month=03/day=${String(1 + (index % 3)).padStart(2, '0')}/part-${String(index).padStart(5, '0')}.json`,
  );
  const written = await Promise.all(keys.map((key) => mirror.putObject(key, key)));
  dropped = new Set([written[0]?.key, written[600]?.key, written[KEYS - 1]?.key]);
  await Promise.all(
    written.filter((object) => !dropped.has(object.key)).map((object) => mirror.putCopy(object)),
  );
});

it.each([
  ['the S3 default page (1000)', []],
  ['small pages on both sides', ['--page-size', '97']],
])('pages through more than 1000 keys on both sides with %s', async (_label, flags) => {
  const { code, report } = await reconcileJson(mirror, ...flags);

  expect(code).toBe(1);
  expect(report.counts.s3.count).toBe(KEYS);
  expect(report.counts.adls.count).toBe(KEYS - 3);
  expect(report.counts.matched.count).toBe(KEYS - 3);
  expect(report.missing.map((item) => item.key).sort()).toEqual([...dropped].sort());
});
