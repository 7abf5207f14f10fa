import { usePlace } from '../../navigation/place';
import { can } from '../../session/can';
import { useSession } from '../../session/session';
import { ApplicationList } from './ApplicationList';
import { ApplicationView } from './ApplicationView';
import { SubmitForm } from './SubmitForm';
import '../../components/section.css';
import './applications.css';

/**
 * Credit applications, one view per role: the account manager submits and follows them, the credit reviewer
 * decides, the MA account confirms its contract; everyone who may read credit follows each one's timeline.
 */
export default function ApplicationsPage() {
  const { me } = useSession();
  const { route } = usePlace();
  const applicationId = route.screen === 'applications' ? route.applicationId : undefined;
  if (applicationId) return <ApplicationView key={applicationId} applicationId={applicationId} />;
  return (
    <>
      {can(me, 'credit.apply') && <SubmitForm />}
      <ApplicationList />
    </>
  );
}
