/**
 * The day's customer register changes (the `customers` dataset is partitioned by `updated_at`):
 * active shoppers of the world who edited their profile, and people who signed up today. The
 * register is typed by hand, so e-mails arrive messy: some addresses are broken beyond repair
 * and rejected, as are a few records with a lost id, an impossible date or a name with a
 * control character in it.
 */
import { WORLD_SIZE, type Customer as Shopper, type World } from '../produce-events/world';
import type { Random } from '../produce-events/random';
import { chooseSpoiled, spoiledCount, type Corruption, type Draft, type RawRecord } from './drafts';
import { BAD_EMAILS, drawPerson } from './people';
import type { Customer } from './records';
import { impossibleHour } from './stream-datasets';

/** Share of register records with a broken e-mail, and of those broken otherwise. */
export const BAD_EMAIL_SHARE = 0.06;
export const OTHER_DIRTY_SHARE = 0.02;
/** Share of the day's changes that are edits by existing customers (the rest sign up). */
const EDIT_SHARE = 0.6;
const DAY_MS = 86_400_000;

export const EMAIL_CORRUPTIONS: readonly Corruption[] = BAD_EMAILS.map(({ reason, spoil }) => ({
  reason: `email:${reason}`,
  spoil: (raw: RawRecord) => ({ ...raw, email: spoil(String(raw.email)) }),
}));

export const OTHER_CORRUPTIONS: readonly Corruption[] = [
  { reason: 'customer_id:missing', spoil: (raw) => ({ ...raw, customer_id: null }) },
  {
    // 30 February, from a form that checks only the ranges of day and month.
    reason: 'signup_date:not_a_date',
    spoil: (raw) => ({ ...raw, signup_date: `${String(raw.signup_date).slice(0, 4)}-02-30` }),
  },
  {
    reason: 'updated_at:not_a_timestamp',
    spoil: (raw) => ({ ...raw, updated_at: impossibleHour(String(raw.updated_at)) }),
  },
  {
    // A bell character pasted in with the name.
    reason: 'full_name:control_character',
    spoil: (raw) => ({ ...raw, full_name: `${String(raw.full_name)}\u0007` }),
  },
];

const isoDay = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/** One record per instant of `times`: who changed, their details, a few spoiled. */
export function customerDrafts(
  world: World,
  random: Random,
  dirt: Random,
  dayStartMs: number,
  times: readonly number[],
): Draft<Customer>[] {
  const editors = Math.min(Math.round(times.length * EDIT_SHARE), WORLD_SIZE.customers / 2);
  const seen = new Set<string>();
  const existing: Shopper[] = [];
  // Active shoppers edit their profile more often: the popularity sampler picks them.
  for (let attempt = 0; existing.length < editors && attempt < editors * 20; attempt += 1) {
    const customer = world.customers.draw(random);
    if (seen.has(customer.id)) continue;
    seen.add(customer.id);
    existing.push(customer);
  }
  const countries = world.customers;
  let signups = 0;
  const total = times.length;
  const badEmails = chooseSpoiled(
    dirt,
    total,
    spoiledCount(total, BAD_EMAIL_SHARE, 3),
    EMAIL_CORRUPTIONS,
  );
  const others = chooseSpoiled(
    dirt,
    total,
    spoiledCount(total, OTHER_DIRTY_SHARE, 2),
    OTHER_CORRUPTIONS,
  );

  let edits = 0;
  return times.map((time, position) => {
    const isEdit = edits < existing.length && random.chance(EDIT_SHARE);
    const editor = isEdit ? existing[edits++] : undefined;
    signups += editor === undefined ? 1 : 0;
    // Sign-ups continue the world's numbering: the day's new accounts.
    const id = editor?.id ?? `C${String(WORLD_SIZE.customers + signups).padStart(7, '0')}`;
    const country = (editor ?? countries.draw(random)).country.code;
    const person = drawPerson(random, country);
    const signupDate =
      editor === undefined
        ? isoDay(dayStartMs)
        : isoDay(dayStartMs - editor.behaviour.signupDaysAgo * DAY_MS);
    const updatedAt = new Date(time).toISOString();
    const raw: RawRecord = {
      customer_id: id,
      full_name: person.fullName,
      email: person.email,
      country,
      signup_date: signupDate,
      updated_at: updatedAt,
    };
    const corruption = others.get(position) ?? badEmails.get(position);
    if (corruption !== undefined) {
      return {
        time,
        raw: corruption.spoil(raw, time),
        outcome: { kept: false, reason: corruption.reason },
      };
    }
    const record: Customer = {
      customer_id: id,
      full_name: person.fullName,
      email: person.email,
      country,
      signup_date: signupDate,
      updated_at: new Date(time),
    };
    return { time, raw, outcome: { kept: true, id, record } };
  });
}
