/** The directory as the API shows it: enterprises, contacts, settings, tokens and records (money as yuan). */
import { CHANNELS, CONTACT_EVENTS, PHONE_FORMATS, type Contact } from '../domain/contacts';
import { formatYuan } from '../domain/money';
import { ROLES } from '../domain/principal';
import type { EnterpriseSummary } from '../services/directory/enterprises';
import type { DirectoryChangeRecord, NotificationMissRecord } from '../services/directory/records';
import type { EnterpriseSettings } from '../services/directory/settings';
import type { PrincipalRow } from '../services/principals';
import { nullable, yuan } from './schemas';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const time = { type: 'string', format: 'date-time' } as const;
const text = { type: 'string' } as const;
const integer = { type: 'integer' } as const;

export const enterpriseSchema = {
  type: 'object',
  properties: {
    id: integer, name: text, externalId: nullable({ type: 'string', description: "the platform's own identifier" }),
    maAccountId: nullable(integer), accountCount: integer, contractConfirmedAt: nullable(time), dualControlThreshold: nullable(yuan),
  },
} as const;

export const presentEnterprise = (e: EnterpriseSummary) => ({
  id: e.id,
  name: e.name,
  externalId: e.externalId,
  maAccountId: e.maAccountId,
  accountCount: e.accountCount,
  contractConfirmedAt: iso(e.contractConfirmedAt),
  dualControlThreshold: e.dualControlThreshold === null ? null : formatYuan(e.dualControlThreshold),
});

export const contactSchema = {
  type: 'object',
  required: ['address'],
  additionalProperties: false,
  properties: {
    address: { type: 'string', maxLength: 320, description: `an e-mail address, or a phone number: ${PHONE_FORMATS}` },
    channel: { type: 'string', enum: CHANNELS, description: 'default: email when the address has an @, else sms' },
    events: { type: 'array', maxItems: CONTACT_EVENTS.length, items: { type: 'string', enum: CONTACT_EVENTS }, description: 'the events it wants (default: all)' },
  },
} as const;

export const contactList = { type: 'array', maxItems: 20, items: contactSchema } as const;

export const presentContacts = (contacts: Contact[]) => contacts.map((c) => ({ channel: c.channel, address: c.address, events: c.events }));

export const settingsSchema = {
  type: 'object',
  properties: {
    enterpriseId: integer,
    approvalThreshold: nullable({ ...yuan, description: 'transfers and withdrawals of this amount or more wait for a second admin; null: off' }),
    financeContacts: contactList,
  },
} as const;

export const presentSettings = (s: EnterpriseSettings) => ({
  enterpriseId: s.enterpriseId,
  approvalThreshold: s.approvalThreshold === null ? null : formatYuan(s.approvalThreshold),
  financeContacts: presentContacts(s.financeContacts),
});

export const tokenSchema = {
  type: 'object',
  properties: {
    id: integer, name: text, role: { type: 'string', enum: ROLES }, enterpriseId: nullable(integer), accountId: nullable(integer),
    tokenPrefix: text, createdAt: time, createdBy: text, lastUsedAt: nullable({ ...time, description: 'to the minute' }), revokedAt: nullable(time),
  },
} as const;

export const presentToken = (p: PrincipalRow) => ({
  id: p.id, name: p.name, role: p.role, enterpriseId: p.enterpriseId, accountId: p.accountId, tokenPrefix: p.tokenPrefix,
  createdAt: p.createdAt.toISOString(), createdBy: p.createdBy, lastUsedAt: iso(p.lastUsedAt), revokedAt: iso(p.revokedAt),
});

export const changeSchema = {
  type: 'object',
  properties: { id: text, accountId: nullable(integer), action: text, actor: text, details: { type: 'object', additionalProperties: true }, createdAt: time },
} as const;

export const presentChange = (c: DirectoryChangeRecord) => ({ ...c, id: c.id.toString(), createdAt: c.createdAt.toISOString() });

export const missSchema = {
  type: 'object',
  properties: {
    id: text, eventKey: text, topic: text, event: { type: 'string', enum: CONTACT_EVENTS },
    accountId: nullable({ type: 'integer', description: 'null: the enterprise (its finance contacts)' }), accountName: nullable(text), createdAt: time,
  },
} as const;

export const presentMiss = (m: NotificationMissRecord) => ({
  id: m.id.toString(), eventKey: m.eventKey, topic: m.topic, event: m.event, accountId: m.accountId, accountName: m.accountName,
  createdAt: m.createdAt.toISOString(),
});
