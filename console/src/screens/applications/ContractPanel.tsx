import { App, Button, Descriptions } from 'antd';
import { actorName } from '../../components/actor';
import { ErrorText } from '../../components/ErrorText';
import { useI18n } from '../../i18n';
import { partsText } from './parts';
import { useConfirmContract, type ApplicationStatus } from './queries';

/** The MA account's contract: the terms it agrees to (amounts, who approved them, by when) and the button that does. */
export function ContractPanel({ status }: { status: ApplicationStatus }) {
  const { t, date } = useI18n();
  const { message } = App.useApp();
  const confirm = useConfirmContract();
  const approval = status.history?.find((e) => e.event === 'approved');
  return (
    <section aria-labelledby="contract-title" className="contract-panel">
      <h3 id="contract-title" className="section-title">{t('applications.contract.title')}</h3>
      <Descriptions column={1} size="small" bordered items={[
        { key: 'amounts', label: t('applications.contract.amounts'), children: partsText(t, status.approved) },
        { key: 'by', label: t('applications.contract.approvedBy'), children: actorName(approval?.actor) },
        { key: 'deadline', label: t('applications.contract.deadline'), children: date(status.deadlines?.contract) },
      ]} />
      <ErrorText error={confirm.error} />
      <Button type="primary" style={{ marginTop: 12 }} loading={confirm.isPending}
        onClick={() => confirm.mutate(status.applicationId!, { onSuccess: () => void message.success(t('applications.contract.done')) })}>
        {t('applications.contract.confirm')}
      </Button>
    </section>
  );
}
