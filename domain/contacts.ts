import { UamError } from '../core/errors';

/**
 * Who hears what. A contact is an e-mail address or a phone number (SMS) with the events it wants; an account
 * has several, and so has its enterprise (its finance contacts, who hear enterprise-wide messages).
 */
export const CONTACT_EVENTS = ['low_balance', 'account_stopped', 'credit', 'transfers'] as const;
export type ContactEvent = (typeof CONTACT_EVENTS)[number];

export const CHANNELS = ['email', 'sms'] as const;
export type ContactChannel = (typeof CHANNELS)[number];

export interface Contact {
  channel: ContactChannel;
  address: string;
  events: ContactEvent[];
}

/** The most contacts one account (or one enterprise's finance list) keeps. */
export const MAX_CONTACTS = 20;

// A practical address: dot-atoms on both sides of one @, a top-level domain of letters, at most 254 characters.
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
/** E.164 (`+8613800000000`, `+442071838750`): a plus, a country code, up to 15 digits in all. */
const E164 = /^\+[1-9]\d{7,14}$/;
/** A mainland China mobile number as people write it: 11 digits starting 13–19. */
const CN_MOBILE = /^1[3-9]\d{9}$/;

export const PHONE_FORMATS = 'E.164 (+8613800000000) or an 11-digit mainland China mobile number (13800000000)';

const invalid = (field: string, why: string) => new UamError('VALIDATION_FAILED', `${field}: ${why}`, { field });

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function isPhone(value: string): boolean {
  return E164.test(value) || CN_MOBILE.test(value);
}

function parseEvents(value: unknown, field: string): ContactEvent[] {
  if (value === undefined || value === null) return [...CONTACT_EVENTS];
  if (!Array.isArray(value) || value.length === 0) throw invalid(field, `must be a non-empty list of ${CONTACT_EVENTS.join(', ')}`);
  for (const event of value) {
    if (!(CONTACT_EVENTS as readonly unknown[]).includes(event)) {
      throw invalid(field, `"${String(event)}" is not an event; events are ${CONTACT_EVENTS.join(', ')}`);
    }
  }
  return CONTACT_EVENTS.filter((e) => value.includes(e));
}

/**
 * One contact from user input: `{ address, channel?, events? }`. The channel follows from the address when not
 * given (an @ makes it e-mail); events default to all of them. Errors name the field (`contacts[2].address`).
 */
export function parseContact(value: unknown, field: string): Contact {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'must be an object with an address');
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).find((k) => !['address', 'channel', 'events'].includes(k));
  if (unknown) throw invalid(`${field}.${unknown}`, 'is not a known field');
  if (typeof raw.address !== 'string' || raw.address.trim() === '') throw invalid(`${field}.address`, 'must be an e-mail address or a phone number');
  const address = raw.address.trim();
  const channel = raw.channel ?? (address.includes('@') ? 'email' : 'sms');
  if (channel !== 'email' && channel !== 'sms') throw invalid(`${field}.channel`, 'must be email or sms');
  if (channel === 'email' && !isEmail(address)) throw invalid(`${field}.address`, `"${address}" is not an e-mail address`);
  if (channel === 'sms' && !isPhone(address)) throw invalid(`${field}.address`, `"${address}" is not a phone number: use ${PHONE_FORMATS}`);
  return { channel, address, events: parseEvents(raw.events, `${field}.events`) };
}

/** A whole list of contacts: at most MAX_CONTACTS, each address once per channel (letter case aside). */
export function parseContacts(value: unknown, field = 'contacts'): Contact[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(field, 'must be a list of contacts');
  if (value.length > MAX_CONTACTS) throw invalid(field, `at most ${MAX_CONTACTS} contacts`);
  const seen = new Set<string>();
  return value.map((item, i) => {
    const contact = parseContact(item, `${field}[${i}]`);
    const key = `${contact.channel}:${contact.address.toLowerCase()}`;
    if (seen.has(key)) throw invalid(`${field}[${i}].address`, `"${contact.address}" is listed twice`);
    seen.add(key);
    return contact;
  });
}

/** Contacts compare equal when they have the same addresses wanting the same events, in any order. */
export function sameContacts(a: Contact[], b: Contact[]): boolean {
  const key = (c: Contact) => `${c.channel}:${c.address.toLowerCase()}:${[...c.events].sort().join('+')}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}
