import { formatYuan } from '../domain/money';
import { runwayOf } from '../domain/runway';
import { type EventPayloads, type EventTopic, type MessageTopic, isMessageTopic } from '../domain/events';
import type { EventParties } from '../db/event-parties';

/** A message ready to send: an email (subject + text) and a short SMS text. */
export interface Rendered {
  subject: string;
  text: string;
  sms: string;
}

interface Draft {
  subject: string;
  lines: string[];
  next: string;
}

type Template<T extends MessageTopic> = (payload: EventPayloads[T], names: Names) => Draft;

interface Names {
  enterprise: string;
  account(id: number | null): string;
}

const yuan = (fen: string): string => `${formatYuan(BigInt(fen))} yuan`;
/** Change records carry `principal:<id>:<name>`; people read the name. */
const person = (actor: string): string => actor.match(/^principal:\d+:(.+)$/)?.[1] ?? actor;
const because = (reason: string): string[] => (reason ? [`Reason given: ${reason}`] : []);

const TOP_UP = 'top up the account, or ask the enterprise administrator to transfer funds to it or raise its credit limit';

/** The words of each message (every message topic of TOPICS has one, or this does not compile). */
const TEMPLATES: { [T in MessageTopic]: Template<T> } = {
  'alert.low_balance': (p, n) => ({
    subject: `Low balance: ${n.account(p.accountId)} is below ${yuan(p.threshold)}`,
    lines: [
      `The available credit of ${n.account(p.accountId)} is ${yuan(p.available)}, below its alert threshold of ${yuan(p.threshold)}.`,
      ...(p.stopped ? ['The account is stopped: its services are suspended until its available credit is above 0.00 yuan.'] : []),
      'You will not be alerted again until the available credit is back at or above the threshold.',
    ],
    next: `${TOP_UP}.`,
  }),
  'alert.recovered': (p, n) => ({
    subject: `Balance recovered: ${n.account(p.accountId)} is back at or above ${yuan(p.threshold)}`,
    lines: [
      `The available credit of ${n.account(p.accountId)} is ${yuan(p.available)}, back at or above its alert threshold of ${yuan(p.threshold)}.`,
      'Its low-balance alert is watching again: you will be alerted if it falls below the threshold.',
    ],
    next: 'nothing; this closes the earlier low-balance alert.',
  }),
  'alert.runway': (p, n) => {
    const runway = runwayOf(BigInt(p.available), BigInt(p.spend7d));
    return {
      subject: `Low runway: ${n.account(p.accountId)} has about ${runway.days} days of credit left`,
      lines: [
        `At its spend rate of the last 7 days (${yuan(runway.dailySpend.toString())} a day), the available credit of ${n.account(p.accountId)}, ` +
          `${yuan(p.available)}, lasts about ${runway.days} days: fewer than the ${p.days} days its runway alert asks for.`,
        'You will not be alerted again until its runway is back at or above that.',
      ],
      next: `${TOP_UP}.`,
    };
  },
  'webhook.disabled': (p, n) => ({
    subject: `Webhook endpoint disabled: ${p.url}`,
    lines: [
      `Every delivery to the webhook endpoint ${p.url} (endpoint ${p.endpointId}) of ${n.enterprise} failed for a whole day, so uam has disabled it.`,
      'Events are no longer sent to it; its failed deliveries are listed with each attempt and can be resent.',
    ],
    next: 'fix the receiving service, enable the endpoint again (uam webhooks enable), and resend the deliveries it missed.',
  }),
  'account.stopped': (p, n) => ({
    subject: `Account stopped: ${n.account(p.accountId)}`,
    lines: [
      `${n.account(p.accountId)} has been stopped because its available credit is ${yuan(p.available)}.`,
      'Its services are suspended until the available credit is above 0.00 yuan.',
    ],
    next: `${TOP_UP}; repaying outstanding credit also restores it.`,
  }),
  'account.resumed': (p, n) => ({
    subject: `Account active again: ${n.account(p.accountId)}`,
    lines: [`${n.account(p.accountId)} is active again: its available credit is ${yuan(p.available)}.`],
    next: 'nothing; its services run normally again.',
  }),
  'credit.enterprise_changed': (p, n) => ({
    subject: `Credit limit of ${n.enterprise} changed to ${yuan(p.newLimit)}`,
    lines: [
      `The total credit limit of ${n.enterprise} changed from ${yuan(p.oldLimit)} to ${yuan(p.newLimit)} (by ${person(p.actor)}).`,
      ...because(p.reason),
    ],
    next: 'review how the credit is assigned to your member accounts in the console.',
  }),
  'credit.member_changed': (p, n) => ({
    subject: `Credit limit of ${n.account(p.accountId)} changed to ${yuan(p.newLimit)}`,
    lines: [
      `The credit limit of ${n.account(p.accountId)} changed from ${yuan(p.oldLimit)} to ${yuan(p.newLimit)} (by ${person(p.actor)}).`,
      ...because(p.reason),
    ],
    next: "check the account's available credit in the console; ask the enterprise administrator if the change is unexpected.",
  }),
  'credit.application_decided': (p, n) => ({
    subject: `Credit application ${p.applicationId} of ${n.enterprise}: ${p.decision}`,
    lines: [
      `The credit application ${p.applicationId} of ${n.enterprise} was ${p.decision}.`,
      // "approved" is told once the contract is confirmed and the limit is in force.
      ...(p.total ? [`The enterprise's total credit limit is now ${yuan(p.total)}, in force from now on.`] : []),
      ...because(p.reason ?? ''),
    ],
    next: p.decision === 'approved'
      ? 'assign the new credit to member accounts in the console (Credit Quota Settings) where they need it.'
      : 'contact your account manager if you want to apply again.',
  }),
  'credit.contract_pending': (p, n) => ({
    subject: `${p.reminder > 0 ? `Reminder ${p.reminder}: c` : 'C'}redit contract of ${n.enterprise} waits for your confirmation`,
    lines: [
      `The credit contract for application ${p.applicationId} of ${n.enterprise} is waiting for the MA account's confirmation.`,
      `It must be confirmed by ${p.deadline}; after that the application lapses.`,
    ],
    next: 'open the console and confirm the contract.',
  }),
  'transfer.completed': (p, n) => ({
    subject: `${p.kind === 'transfer' ? 'Transfer' : 'Withdrawal'} of ${yuan(p.amount)} done`,
    lines: [
      p.kind === 'transfer'
        ? `${yuan(p.amount)} was transferred from ${n.account(p.fromAccountId)} to ${n.account(p.toAccountId)}.`
        : `${yuan(p.amount)} was withdrawn from ${n.account(p.fromAccountId)} back to ${n.account(p.toAccountId)}.`,
      `Reference: ${p.requestId}.`,
    ],
    next: 'nothing; the balances in the console already show it.',
  }),
  'transfer.failed': (p, n) => ({
    subject: `${p.kind === 'transfer' ? 'Transfer' : 'Withdrawal'} of ${yuan(p.amount)} failed`,
    lines: [
      `The ${p.kind} of ${yuan(p.amount)} from ${n.account(p.fromAccountId)} to ${n.account(p.toAccountId)} did not go through: ${p.message} (${p.code}).`,
      'No money moved; any funds reserved for it have been released.',
      `Reference: ${p.requestId}.`,
    ],
    next: `check the maximum ${p.kind} amount in the console and try again.`,
  }),
  'funding.blocked': (p, n) => ({
    subject: `Funding policy ${p.policyId} could not top up ${n.account(p.accountId)}`,
    lines: [
      `Funding policy ${p.policyId} could not top up ${n.account(p.accountId)}, whose available credit is ${yuan(p.available)}: ${
        p.reason === 'daily_cap_reached'
          ? `it already moved its daily cap of ${yuan(p.dailyCap)} today, and acts again tomorrow.`
          : `the funding account ${n.account(p.fundingAccountId)} has no own cash it may transfer.`}`,
      'You will not be told again until the policy has acted once more.',
    ],
    next: p.reason === 'daily_cap_reached'
      ? 'raise the policy\'s daily cap, or transfer funds to the account by hand.'
      : 'top up the funding account, or point the policy at another funding account.',
  }),
};

/** The message for an event, or null for events that are not messages to people. */
export function renderEvent<T extends EventTopic>(topic: T, payload: EventPayloads[T], parties: EventParties): Rendered | null {
  if (!isMessageTopic(topic)) return null;
  const template = TEMPLATES[topic] as Template<MessageTopic>;
  const names: Names = {
    enterprise: parties.enterpriseName,
    account: (id) => {
      const party = id === null ? parties.ma : (parties.accounts.get(id) ?? null);
      return party ? `${party.name} (account ${party.accountId})` : `account ${id ?? '?'}`;
    },
  };
  const draft = template(payload as EventPayloads[MessageTopic], names);
  const next = `What to do next: ${draft.next}`;
  return {
    subject: draft.subject,
    text: [...draft.lines, '', next, '', '-- ', `uam, account management for ${parties.enterpriseName}`].join('\n'),
    sms: `[uam] ${draft.lines[0] ?? draft.subject} Next: ${draft.next}`.slice(0, 300),
  };
}
