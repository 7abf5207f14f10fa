import { Alert, Card, List } from 'antd';
import { ErrorText } from '../../components/ErrorText';
import { Money } from '../../components/Money';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { can } from '../../session/can';
import { useSession } from '../../session/session';
import { useEnterprises } from '../accounts/queries';
import { useApplications, type ApplicationItem } from './queries';
import { StageTag } from './StageTag';

/** Applications newest first, each opening its timeline; the MA account is told first when a contract waits for it. */
export function ApplicationList() {
  const { t, date } = useI18n();
  const { me } = useSession();
  const { enterpriseId, href } = usePlace();
  const applications = useApplications(enterpriseId);
  const enterprises = useEnterprises(true);
  const nameOf = (id: number | undefined) => enterprises.data?.find((e) => e.id === id)?.name ?? `#${id}`;
  const items = applications.data ?? [];
  const waiting = can(me, 'credit.confirm') ? items.filter((a) => a.stage === 'awaiting_contract') : [];
  const link = (a: ApplicationItem) => href({ screen: 'applications', applicationId: a.id! });

  return (
    <Card title={<h2 className="card-title">{t('applications.list')}</h2>}>
      {waiting.map((a) => (
        <Alert key={a.id} type="warning" showIcon style={{ marginBottom: 12 }}
          title={<a href={link(a)}>{t('applications.contract.waiting')}</a>} />
      ))}
      <ErrorText error={applications.error} />
      <List<ApplicationItem>
        loading={applications.isLoading} dataSource={items} locale={{ emptyText: t('applications.empty') }}
        renderItem={(a) => (
          <List.Item key={a.id}>
            <div className="application-row">
              <a href={link(a)}>{t('applications.open', { enterprise: nameOf(a.enterpriseId), when: date(a.createdAt) })}</a>
              <StageTag stage={a.stage} />
              <span>{t('applications.requested')} <Money value={a.requested?.total} /></span>
              {a.approved && <span>{t('applications.approved')} <Money value={a.approved.total} /></span>}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
