/**
 * Names and e-mail addresses for the customer register, by country. Names are written the way
 * the clean job's normaliser leaves them (capitalised words, particles such as "van" or "da" in
 * lower case, hyphens and apostrophes kept), and addresses in their normal form (a dot-atom local
 * part, a lower-case domain), so a valid customer passes the clean zone unchanged. Domains are
 * reserved for documentation (RFC 2606), so no generated address reaches a real mailbox.
 */
import type { Random } from '../produce-events/random';

interface NameBook {
  readonly first: readonly string[];
  readonly last: readonly string[];
}

const NAMES: Readonly<Record<string, NameBook>> = {
  GB: {
    first: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans'],
  },
  IE: {
    first: ['Seán', 'Aoife', 'Conor', 'Niamh', 'Darragh', 'Saoirse'],
    last: ["O'Brien", 'Murphy', 'Kelly', 'McCarthy', 'Walsh', "O'Sullivan"],
  },
  DE: {
    first: ['Lukas', 'Mia', 'Jonas', 'Lea', 'Felix', 'Hannah'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'von Arnim'],
  },
  FR: {
    first: ['Jean-Luc', 'Camille', 'Louis', 'Chloé', 'Hugo', 'Léa'],
    last: ['Martin', 'Bernard', 'Dubois', 'Lefèvre', 'Moreau', 'de la Fontaine'],
  },
  ES: {
    first: ['Lucía', 'Hugo', 'Martina', 'Mateo', 'Sofía', 'Álvaro'],
    last: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'del Río'],
  },
  IT: {
    first: ['Giulia', 'Leonardo', 'Sofia', 'Francesco', 'Aurora', 'Lorenzo'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', "D'Angelo", 'Romano'],
  },
  NL: {
    first: ['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Sanne'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser'],
  },
  SE: {
    first: ['Elsa', 'William', 'Alice', 'Oscar', 'Maja', 'Lucas'],
    last: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson'],
  },
  PL: {
    first: ['Łukasz', 'Zofia', 'Jakub', 'Maja', 'Mikołaj', 'Hanna'],
    last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kamiński', 'Lewandowski'],
  },
  PT: {
    first: ['João', 'Maria', 'Rodrigo', 'Beatriz', 'Tomás', 'Inês'],
    last: ['Silva', 'Santos', 'Ferreira', 'Pereira', 'da Costa', 'Oliveira'],
  },
  US: {
    first: ['Liam', 'Olivia', 'Noah', 'Emma', 'DeShawn', 'Ava'],
    last: ['Johnson', 'Williams', 'Brown', 'Garcia', 'Miller', 'Davis'],
  },
  CA: {
    first: ['Liam', 'Olivia', 'Noah', 'Charlotte', 'Étienne', 'Chloé'],
    last: ['Tremblay', 'Gagnon', 'Roy', 'Smith', 'MacDonald', 'Côté'],
  },
};
const FALLBACK = NAMES.GB!;

/** Reserved example domains: `.example` and the example.com/.net/.org family. */
const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example', 'post.example'];
const FOLDED: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe' };

/** `Wiśniewski` -> `wisniewski`: what people type into an address field. */
export function asciiWord(text: string): string {
  return text
    .toLowerCase()
    .replace(/[łøßæœ]/g, (letter) => FOLDED[letter] ?? letter)
    .normalize('NFD')
    .replace(/[^a-z0-9-]/g, '');
}

export interface Person {
  readonly fullName: string;
  readonly email: string;
}

export function drawPerson(random: Random, country: string): Person {
  const book = NAMES[country] ?? FALLBACK;
  const first = random.pick(book.first);
  const last = random.pick(book.last);
  const given = asciiWord(first);
  const family = asciiWord(last.replace(/\s+/g, ''));
  const style = random.int(0, 3);
  const local =
    style === 0
      ? `${given}.${family}`
      : style === 1
        ? `${given.slice(0, 1)}.${family}`
        : style === 2
          ? `${given}${family}`
          : `${given}_${family}`;
  const suffix = random.chance(0.3) ? String(random.int(1, 99)) : '';
  return { fullName: `${first} ${last}`, email: `${local}${suffix}@${random.pick(MAIL_DOMAINS)}` };
}

/** Ways an address arrives broken, each with the clean job's reason for refusing it. */
export const BAD_EMAILS: readonly {
  readonly reason: string;
  readonly spoil: (email: string) => string;
}[] = [
  { reason: 'missing_at_sign', spoil: (email) => email.replace('@', '.') },
  { reason: 'several_at_signs', spoil: (email) => email.replace('@', '@@') },
  { reason: 'contains_whitespace', spoil: (email) => email.replace('@', ' @') },
  { reason: 'misplaced_dot', spoil: (email) => `${email.split('@')[0]}.@${email.split('@')[1]}` },
  { reason: 'domain_without_dot', spoil: (email) => `${email.split('@')[0]}@localhost` },
  { reason: 'invalid_top_level_domain', spoil: (email) => email.replace(/\.[a-z]+$/, '.c0m') },
  { reason: 'invalid_domain_character', spoil: (email) => email.replace('@', '@mail_') },
  { reason: 'non_ascii_local_part', spoil: (email) => `jürgen.${email}` },
];
