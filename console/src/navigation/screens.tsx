import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from '../i18n';
import { can, type Me } from '../session/can';
import { AccountsPage } from '../screens/accounts/AccountsPage';
import type { Screen } from './route';

interface ScreenEntry {
  /** The menu's word for it; screens without one are reached by links only (an account's details). */
  menu?: MessageKey;
  /** Shown to this principal (the API's permission table decides). */
  may(me: Me): boolean;
  /** Needs an enterprise chosen first (staff pick one in the header). */
  perEnterprise: boolean;
  /** Staff may pick an enterprise here though the screen does not need one (ops: its workflows' link); the picker's hint. */
  optionalEnterprise?: MessageKey;
  Page: ComponentType | LazyExoticComponent<ComponentType>;
}

/**
 * Every screen of the console, in menu order. The tab loads with the first bundle; the others load when first
 * opened, so the account list is not kept waiting by charts and timelines.
 */
export const SCREENS: Record<Screen, ScreenEntry> = {
  accounts: { menu: 'nav.accounts', may: (me) => can(me, 'accounts.read'), perEnterprise: true, Page: AccountsPage },
  account: { may: (me) => can(me, 'accounts.read'), perEnterprise: false, Page: lazy(() => import('../screens/details/AccountDetailsPage')) },
  credit: { menu: 'nav.credit', may: (me) => can(me, 'credit.read'), perEnterprise: true, Page: lazy(() => import('../screens/enterprise-credit/EnterpriseCreditPage')) },
  applications: { menu: 'nav.applications', may: (me) => can(me, 'credit.read'), perEnterprise: false, Page: lazy(() => import('../screens/applications/ApplicationsPage')) },
  webhooks: { menu: 'nav.webhooks', may: (me) => can(me, 'webhooks.manage'), perEnterprise: true, Page: lazy(() => import('../screens/webhooks/WebhooksPage')) },
  ops: { menu: 'nav.ops', may: (me) => can(me, 'ops.health'), perEnterprise: false, optionalEnterprise: 'ops.pickHint', Page: lazy(() => import('../screens/ops/OpsPage')) },
};

export const MENU = (Object.keys(SCREENS) as Screen[]).filter((s) => SCREENS[s].menu);
