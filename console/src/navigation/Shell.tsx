import { Select, Spin } from 'antd';
import { Suspense, useState } from 'react';
import { Header } from '../components/Header';
import { useI18n, type MessageKey } from '../i18n';
import { can } from '../session/can';
import { useSession } from '../session/session';
import { ApprovalsDrawer } from '../screens/approvals/ApprovalsDrawer';
import { usePendingApprovals } from '../screens/approvals/queries';
import { useEnterprise, useEnterprises } from '../screens/accounts/queries';
import { usePlace } from './place';
import { MENU, SCREENS } from './screens';

/** Staff choose the enterprise the screens show; the choice travels in the address. */
function EnterprisePicker({ hint = 'enterprise.pickHint' }: { hint?: MessageKey }) {
  const { t } = useI18n();
  const { enterpriseId, pickEnterprise } = usePlace();
  const enterprises = useEnterprises(true);
  return (
    <Select
      aria-label={t('enterprise.pick')} placeholder={t(hint)} showSearch optionFilterProp="label"
      value={enterpriseId} onChange={(id: number) => pickEnterprise(id)}
      options={(enterprises.data ?? []).map((e) => ({ value: e.id!, label: e.name! }))} style={{ maxWidth: 420, width: '100%' }}
    />
  );
}

/** Header, the menu of the screens this role may see, and the screen the address names. */
export function Shell() {
  const { t } = useI18n();
  const { me } = useSession();
  const place = usePlace();
  const enterprise = useEnterprise(can(me, 'enterprises.read') ? place.enterpriseId : undefined);
  const mayApprove = can(me, 'transfers.write');
  const approvals = usePendingApprovals(mayApprove);
  const [approvalsOpen, setApprovalsOpen] = useState(false);
  if (!me) return null;

  const wanted = SCREENS[place.route.screen];
  const screen = wanted.may(me) ? place.route.screen : 'accounts';
  const { Page, perEnterprise, optionalEnterprise } = SCREENS[screen];
  const menu = MENU.filter((s) => SCREENS[s].may(me));
  const selected = screen === 'account' ? 'accounts' : screen;

  return (
    <>
      <Header
        enterpriseName={enterprise.data?.name}
        {...(mayApprove && { approvals: approvals.data?.length ?? 0, onApprovals: () => setApprovalsOpen(true) })}
      />
      {menu.length > 1 && (
        <nav aria-label={t('nav.label')} className="app-nav">
          {/* Plain links that wrap on a phone: every screen stays one Tab away, none hidden in an overflow menu. */}
          <ul>
            {menu.map((s) => (
              <li key={s}>
                <a href={place.href({ screen: s } as never)} {...(s === selected && { 'aria-current': 'page' as const })}>{t(SCREENS[s].menu!)}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main className="page">
        {place.picksEnterprise && (perEnterprise || optionalEnterprise || screen === 'account') && <EnterprisePicker hint={optionalEnterprise} />}
        {(!perEnterprise || place.enterpriseId !== undefined) && (
          <Suspense fallback={<Spin aria-label={t('nav.loading')} />}>
            <Page />
          </Suspense>
        )}
      </main>
      {approvalsOpen && <ApprovalsDrawer items={approvals.data ?? []} onClose={() => setApprovalsOpen(false)} />}
    </>
  );
}
