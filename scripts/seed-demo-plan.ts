import { repoFile } from '../core/files';
import type { Role } from '../domain/principal';

/** The demo enterprise: made the way platform ops make one (uam enterprises create), members from the example CSV. */
export const DEMO_ENTERPRISE = {
  name: 'Acme Cloud',
  externalId: 'acme',
  ma: { name: 'Acme Cloud MA account', externalId: 'acme-ma', contacts: [{ address: 'admin@acme.example' }, { address: '13800000000' }] },
  financeContacts: [{ address: 'cfo@acme.example', events: ['credit'] }],
  approvalThreshold: '50000',
};

/** The members' file: docs/examples/members.csv, imported as `uam accounts import` does. */
export const DEMO_MEMBERS_CSV = repoFile('docs', 'examples', 'members.csv');

/**
 * What happens to each imported member's money (yuan), by its external id. Order of effects: top-ups and
 * limits, transfers, coupons, consumption.
 */
export interface DemoPlan {
  externalId: string;
  topUp?: string;
  creditLimit?: string;
  /** Transfers into this account: [from member external id or 'MA', amount]. */
  transfersIn?: Array<[string, string]>;
  coupon?: string;
  consume?: string;
  /** Low-balance alert threshold. */
  alert?: string;
}

export const DEMO_MEMBERS: DemoPlan[] = [
  { externalId: 'acme-rd-beijing', topUp: '50000' },
  { externalId: 'acme-rd-shanghai', topUp: '32000', consume: '4120.50' },
  { externalId: 'acme-sales-east', topUp: '8000', creditLimit: '3000', alert: '2000' },
  { externalId: 'acme-sales-west', topUp: '1500', transfersIn: [['MA', '3000']], consume: '1000' },
  { externalId: 'acme-marketing', topUp: '12000', coupon: '300', consume: '120' },
  { externalId: 'acme-data-platform', topUp: '90000', creditLimit: '20000', consume: '95000' },
  { externalId: 'acme-qa-lab', topUp: '600', transfersIn: [['MA', '2000']], coupon: '100', alert: '1000' },
  { externalId: 'acme-ops-team', topUp: '22000' },
  { externalId: 'acme-design-studio', topUp: '4300.75' },
  { externalId: 'acme-finance', transfersIn: [['MA', '5000'], ['acme-rd-beijing', '2500']] },
  { externalId: 'acme-intern-projects', creditLimit: '5000', transfersIn: [['acme-rd-beijing', '1000']], consume: '1500' },
  // Falls below its alert threshold: the alert fires once the workers check it.
  { externalId: 'acme-legacy-systems', topUp: '800', consume: '650', alert: '500' },
];

export interface DemoToken {
  role: Role;
  name: string;
  token: string;
  /** For the member token: the external id of the member account it belongs to. */
  account?: string;
}

/** Fixed demo tokens (distinct 10-character prefixes, so `uam tokens revoke <prefix>` picks one). */
export const DEMO_TOKENS: DemoToken[] = [
  { role: 'ops', name: 'Demo ops', token: 'uam_ops_demo' },
  { role: 'account_manager', name: 'Demo account manager', token: 'uam_manager_demo' },
  { role: 'credit_reviewer', name: 'Demo credit reviewer', token: 'uam_reviewer_demo' },
  { role: 'enterprise_admin', name: 'Demo admin', token: 'uam_admin_demo' },
  { role: 'enterprise_admin', name: 'Demo second admin', token: 'uam_admin2_demo' },
  { role: 'member', name: 'Demo member (R&D Beijing)', token: 'uam_member_demo', account: 'acme-rd-beijing' },
];
