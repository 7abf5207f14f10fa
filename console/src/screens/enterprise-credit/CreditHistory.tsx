import { List } from 'antd';
import { actorName } from '../../components/actor';
import { ErrorText } from '../../components/ErrorText';
import { Money } from '../../components/Money';
import { useI18n } from '../../i18n';
import { usePlace } from '../../navigation/place';
import { useEnterpriseCreditHistory } from './queries';

/** A limit put in force by a credit application carries the application's id: link to its timeline. */
const FROM_APPLICATION = /^credit application ([0-9a-fA-F-]{36}): ([\s\S]*)$/;

function Reason({ text }: { text: string }) {
  const { t } = useI18n();
  const { href } = usePlace();
  const m = FROM_APPLICATION.exec(text);
  if (!m) return <>{text}</>;
  return <><a href={href({ screen: 'applications', applicationId: m[1]! })}>{t('enterpriseCredit.fromApplication')}</a>{t('enterpriseCredit.reasonAfter', { reason: m[2]! })}</>;
}

/** The enterprise's credit change records, newest first: old → new total, why, who and when. */
export function CreditHistory({ enterpriseId }: { enterpriseId: number }) {
  const { t, date } = useI18n();
  const history = useEnterpriseCreditHistory(enterpriseId);
  return (
    <section aria-labelledby="credit-history-title">
      <h3 id="credit-history-title" className="section-title">{t('enterpriseCredit.history')}</h3>
      <ErrorText error={history.error} />
      <List
        loading={history.isLoading} dataSource={history.data ?? []} locale={{ emptyText: t('enterpriseCredit.noHistory') }}
        renderItem={(c) => (
          <List.Item key={c.id}>
            <List.Item.Meta
              title={<span>{t('enterpriseCredit.change')} <Money value={c.oldLimit} /> → <Money value={c.newLimit} /></span>}
              description={<>
                <Reason text={c.reason ?? ''} />
                <div className="muted">{t('enterpriseCredit.by', { who: actorName(c.actor), when: date(c.createdAt) })}</div>
              </>}
            />
          </List.Item>
        )}
      />
    </section>
  );
}
