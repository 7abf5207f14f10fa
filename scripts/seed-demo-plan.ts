import type { Role } from '../domain/principal';

/** One demo member and what happens to its money (yuan). Order of effects: top-ups and limits, transfers, coupons, consumption. */
export interface DemoPlan {
  name: string;
  email: string;
  topUp?: string;
  creditLimit?: string;
  /** Transfers into this account: [from member name or 'MA', amount]. */
  transfersIn?: Array<[string, string]>;
  coupon?: string;
  consume?: string;
  /** Low-balance alert threshold. */
  alert?: string;
}

const email = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@demo.example`;
const member = (name: string, plan: Omit<DemoPlan, 'name' | 'email'>): DemoPlan => ({ name, email: email(name), ...plan });

export const DEMO_MEMBERS: DemoPlan[] = [
  member('R&D Beijing', { topUp: '50000' }),
  member('R&D Shanghai', { topUp: '32000', consume: '4120.50' }),
  member('Sales East', { topUp: '8000', creditLimit: '3000', alert: '2000' }),
  member('Sales West', { topUp: '1500', transfersIn: [['MA', '3000']], consume: '1000' }),
  member('Marketing', { topUp: '12000', coupon: '300', consume: '120' }),
  member('Data Platform', { topUp: '90000', creditLimit: '20000', consume: '95000' }),
  member('QA Lab', { topUp: '600', transfersIn: [['MA', '2000']], coupon: '100', alert: '1000' }),
  member('Ops Team', { topUp: '22000' }),
  member('Design Studio', { topUp: '4300.75' }),
  member('Finance', { transfersIn: [['MA', '5000'], ['R&D Beijing', '2500']] }),
  member('Intern Projects', { creditLimit: '5000', transfersIn: [['R&D Beijing', '1000']], consume: '1500' }),
  // Falls below its alert threshold: the alert fires once the workers check it.
  member('Legacy Systems', { topUp: '800', consume: '650', alert: '500' }),
];

export interface DemoToken {
  role: Role;
  name: string;
  token: string;
  email: string;
  /** For the member token: the member account it belongs to. */
  account?: string;
}

/** Fixed demo tokens (distinct 10-character prefixes, so `uam tokens revoke <prefix>` picks one). */
export const DEMO_TOKENS: DemoToken[] = [
  { role: 'account_manager', name: 'Demo account manager', token: 'uam_manager_demo', email: 'manager@platform.example' },
  { role: 'credit_reviewer', name: 'Demo credit reviewer', token: 'uam_reviewer_demo', email: 'reviewer@platform.example' },
  { role: 'enterprise_admin', name: 'Demo admin', token: 'uam_admin_demo', email: 'admin@demo.example' },
  { role: 'enterprise_admin', name: 'Demo second admin', token: 'uam_admin2_demo', email: 'admin2@demo.example' },
  { role: 'member', name: 'Demo member (R&D Beijing)', token: 'uam_member_demo', email: 'r.d.beijing@demo.example', account: 'R&D Beijing' },
  { role: 'ops', name: 'Demo ops', token: 'uam_ops_demo', email: 'ops@platform.example' },
];
