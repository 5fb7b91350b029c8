/**
 * Where the simulated audience lives. Shares are rough orders of magnitude for a European
 * streaming and retail business, enough to give countries, cities and currencies a realistic
 * skew. UTC offsets are standard time; the daily rhythm does not need daylight saving to look
 * right.
 */
export interface Country {
  /** ISO 3166-1 alpha-2. */
  readonly code: string;
  /** ISO 4217 code of the currency prices are shown in. */
  readonly currency: string;
  /** Share of the audience (relative weight). */
  readonly share: number;
  /** Hours ahead of UTC in standard time. */
  readonly utcOffsetHours: number;
  /** Cities, largest first; the first ones get more users. */
  readonly cities: readonly string[];
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'GB',
    currency: 'GBP',
    share: 18,
    utcOffsetHours: 0,
    cities: ['London', 'Manchester', 'Birmingham', 'Glasgow', 'Leeds', 'Bristol'],
  },
  {
    code: 'DE',
    currency: 'EUR',
    share: 17,
    utcOffsetHours: 1,
    cities: ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Frankfurt am Main', 'Stuttgart'],
  },
  {
    code: 'FR',
    currency: 'EUR',
    share: 14,
    utcOffsetHours: 1,
    cities: ['Paris', 'Marseille', 'Lyon', 'Toulouse', 'Nice', 'Nantes'],
  },
  {
    code: 'ES',
    currency: 'EUR',
    share: 9,
    utcOffsetHours: 1,
    cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville', 'Zaragoza'],
  },
  {
    code: 'IT',
    currency: 'EUR',
    share: 9,
    utcOffsetHours: 1,
    cities: ['Rome', 'Milan', 'Naples', 'Turin', 'Bologna'],
  },
  {
    code: 'NL',
    currency: 'EUR',
    share: 6,
    utcOffsetHours: 1,
    cities: ['Amsterdam', 'Rotterdam', 'The Hague', 'Utrecht', 'Eindhoven'],
  },
  {
    code: 'IE',
    currency: 'EUR',
    share: 3,
    utcOffsetHours: 0,
    cities: ['Dublin', 'Cork', 'Galway', 'Limerick'],
  },
  {
    code: 'SE',
    currency: 'SEK',
    share: 4,
    utcOffsetHours: 1,
    cities: ['Stockholm', 'Gothenburg', 'Malmö', 'Uppsala'],
  },
  {
    code: 'PL',
    currency: 'PLN',
    share: 6,
    utcOffsetHours: 1,
    cities: ['Warsaw', 'Kraków', 'Łódź', 'Wrocław', 'Poznań'],
  },
  {
    code: 'PT',
    currency: 'EUR',
    share: 3,
    utcOffsetHours: 0,
    cities: ['Lisbon', 'Porto', 'Braga', 'Coimbra'],
  },
  {
    code: 'US',
    currency: 'USD',
    share: 8,
    utcOffsetHours: -5,
    cities: ['New York', 'Boston', 'Philadelphia', 'Washington', 'Atlanta', 'Miami'],
  },
  {
    code: 'CA',
    currency: 'CAD',
    share: 3,
    utcOffsetHours: -5,
    cities: ['Toronto', 'Montreal', 'Ottawa', 'Quebec City'],
  },
];

/**
 * Units of each currency per euro, rounded: catalogue prices are set in euros and shown in the
 * buyer's currency. Fixed on purpose, so a seed reproduces the same prices.
 */
export const UNITS_PER_EURO: Readonly<Record<string, number>> = {
  EUR: 1,
  GBP: 0.85,
  SEK: 11.5,
  PLN: 4.3,
  USD: 1.08,
  CAD: 1.47,
};
