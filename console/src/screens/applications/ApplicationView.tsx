import { App, Button, Card, Descriptions } from 'antd';
import { actorName } from '../../components/actor';
import { ErrorText } from '../../components/ErrorText';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { can } from '../../session/can';
import { useSession } from '../../session/session';
import { useEnterprises } from '../accounts/queries';
import { ApplicationTimeline } from './ApplicationTimeline';
import { ContractPanel } from './ContractPanel';
import { DecideForm } from './DecideForm';
import { partsText } from './parts';
import { useApplication, useWithdrawApplication } from './queries';
import { StageTag } from './StageTag';

/** One application: its terms, what this role may do at its stage, and its timeline. */
export function ApplicationView({ applicationId }: { applicationId: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const { href } = usePlace();
  const application = useApplication(applicationId);
  const enterprises = useEnterprises(true);
  const withdraw = useWithdrawApplication();
  const s = application.data;
  const enterprise = enterprises.data?.find((e) => e.id === s?.enterpriseId)?.name ?? (s ? `#${s.enterpriseId}` : '');
  const open = s?.stage === 'awaiting_review' || s?.stage === 'awaiting_contract';

  return (
    <Card
      title={<h2 className="card-title">{t('applications.title')}</h2>}
      extra={<a href={href({ screen: 'applications' })}>{t('applications.back')}</a>}
      loading={application.isLoading}
    >
      <ErrorText error={application.error} />
      {s && <>
        <Descriptions column={1} size="small" items={[
          { key: 'enterprise', label: t('applications.enterprise'), children: enterprise },
          { key: 'stage', label: t('applications.stage'), children: <StageTag stage={s.stage} /> },
          { key: 'requested', label: t('applications.requested'), children: partsText(t, s.requested) },
          ...(s.approved ? [{ key: 'approved', label: t('applications.approved'), children: partsText(t, s.approved) }] : []),
          { key: 'by', label: t('applications.submittedBy'), children: actorName(s.submittedBy) },
          { key: 'why', label: t('applications.why'), children: s.reason },
        ]} />
        {s.stage === 'awaiting_review' && can(me, 'credit.decide') && <DecideForm status={s} />}
        {s.stage === 'awaiting_contract' && can(me, 'credit.confirm') && <ContractPanel status={s} />}
        {open && can(me, 'credit.withdraw') && <>
          <ErrorText error={withdraw.error} />
          <Button danger style={{ marginTop: 12 }} loading={withdraw.isPending}
            onClick={() => withdraw.mutate(applicationId, { onSuccess: () => void message.success(t('applications.withdrawn')) })}>
            {t('applications.withdraw')}
          </Button>
        </>}
        <ApplicationTimeline status={s} />
      </>}
    </Card>
  );
}
