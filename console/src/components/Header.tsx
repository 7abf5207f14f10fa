import { Badge, Button, Space } from 'antd';
import { useI18n } from '../i18n';
import { can } from '../session/can';
import { useSession } from '../session/session';
import { openDashboard } from './dashboard';

/** Who is signed in (name, role, enterprise), the language switch, approvals waiting, and sign-out. */
export function Header({ enterpriseName, approvals, onApprovals }: { enterpriseName?: string; approvals?: number; onApprovals?: () => void }) {
  const { t, language, setLanguage } = useI18n();
  const { me, signOut } = useSession();
  return (
    <header className="app-header">
      <h1 className="app-title">{t('app.title')}</h1>
      <Space wrap className="header-tools">
        {me && (
          <span className="who" aria-label={t('header.signedInAs')}>
            {t('header.who', { name: me.name, role: t(`role.${me.role}`) })}{enterpriseName ? ` · ${enterpriseName}` : ''}
          </span>
        )}
        {me && can(me, 'transfers.write') && onApprovals && (
          <Button onClick={onApprovals}>
            {t('header.approvals')} <Badge count={approvals ?? 0} showZero size="small" color={approvals ? '#b42318' : '#595959'} />
          </Button>
        )}
        {me && can(me, 'queues.manage') && <Button onClick={openDashboard}>{t('header.queues')}</Button>}
        <Button lang={language === 'zh-CN' ? 'en' : 'zh-CN'} onClick={() => setLanguage(language === 'zh-CN' ? 'en-US' : 'zh-CN')}>
          {t('lang.switch')}
        </Button>
        {me && <Button onClick={() => signOut()}>{t('header.signOut')}</Button>}
      </Space>
    </header>
  );
}
