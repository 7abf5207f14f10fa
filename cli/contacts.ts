import { InvalidArgumentError } from 'commander';
import { CONTACT_EVENTS } from '../domain/contacts';
import { table } from './output';

/** A contact as the API takes and shows it. */
export interface ContactView {
  channel?: 'email' | 'sms';
  address: string;
  events?: string[];
}

export const CONTACT_HELP = `an e-mail address or phone number, optionally =event,event (events: ${CONTACT_EVENTS.join(', ')}; default all)`;

/**
 * `--contact ops@acme.example=low_balance,transfers` (repeatable): the address, and the events it wants after
 * an '='. The API checks the address itself and names it when malformed.
 */
export function collectContact(value: string, previous: ContactView[] = []): ContactView[] {
  const [address = '', events] = value.split('=', 2);
  if (!address.trim()) throw new InvalidArgumentError('give an address, e.g. ops@acme.example=low_balance,transfers');
  const list = events?.split(',').map((e) => e.trim()).filter(Boolean);
  const unknown = list?.find((e) => !(CONTACT_EVENTS as readonly string[]).includes(e));
  if (unknown) throw new InvalidArgumentError(`"${unknown}" is not an event; events are ${CONTACT_EVENTS.join(', ')}`);
  return [...previous, { address: address.trim(), ...(list && list.length > 0 && { events: list }) }];
}

export const contactsTable = (contacts: ContactView[]) => (contacts.length === 0 ? '(no contacts)' : table(contacts, [
  { header: 'CHANNEL', value: (c) => c.channel },
  { header: 'ADDRESS', value: (c) => c.address },
  { header: 'EVENTS', value: (c) => c.events?.join(', ') },
]));
