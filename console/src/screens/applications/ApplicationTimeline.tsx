import { ClockCircleOutlined } from '@ant-design/icons';
import { Timeline, type TimelineItemProps } from 'antd';
import type { ReactNode } from 'react';
import { actorName } from '../../components/actor';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { partsText, sameParts } from './parts';
import type { ApplicationStatus } from './queries';

type Entry = NonNullable<ApplicationStatus['history']>[number];
const GOOD = new Set(['approved', 'contract_confirmed', 'contract_already_confirmed', 'in_force']);
const BAD = new Set(['rejected', 'failed', 'lapsed', 'expired']);
// A still clock, not antd's spinner: an endless animation would keep a reader (and axe) waiting for it to settle.
const PENDING = { icon: <ClockCircleOutlined aria-hidden />, color: 'gray' } as const;

/** One step of the workflow's history in words: who acted, the amounts, the deadline it set, the reason given. */
function describe(e: Entry, s: ApplicationStatus, t: Translate, date: (iso: string) => string, reminder: number): { title: string; note?: string } {
  const who = actorName(e.actor);
  switch (e.event) {
    case 'submitted': return { title: t('applications.event.submitted', { who }), note: e.note };
    case 'approved': return {
      title: s.approved && !sameParts(s.approved, s.requested!)
        ? t('applications.event.approvedOther', { who, amount: partsText(t, s.approved) })
        : t('applications.event.approved', { who, amount: partsText(t, s.approved ?? s.requested) }),
      note: e.note,
    };
    case 'rejected': case 'withdrawn': return { title: t(`applications.event.${e.event}`, { who }), note: e.note };
    case 'contract_sent': return { title: t('applications.event.contract_sent', { deadline: e.deadline ? date(e.deadline) : '—' }) };
    case 'contract_reminder': return { title: t('applications.event.contract_reminder', { n: reminder }) };
    case 'contract_confirmed': return { title: t('applications.event.contract_confirmed', { who }) };
    case 'in_force': return { title: t('applications.event.in_force', { amount: partsText(t, s.approved) }) };
    // The workflow writes "<CODE>: <message>"; the code is the part a person can look up.
    case 'failed': return { title: t('applications.event.failed', { code: (e.note ?? '').split(':')[0] ?? '' }) };
    case 'contract_already_confirmed': case 'lapsed': case 'expired': return { title: t(`applications.event.${e.event}` as MessageKey) };
    default: return { title: t('applications.event.other', { event: e.event ?? '' }) };
  }
}

/** What the application waits for now, with its deadline (none once it has ended). */
function waiting(s: ApplicationStatus, t: Translate, date: (iso: string) => string): TimelineItemProps | undefined {
  if (s.stage === 'awaiting_review') return { key: 'wait', ...PENDING, content: t('applications.wait.awaiting_review', { deadline: date(s.deadlines?.review ?? '') }) };
  if (s.stage === 'taking_effect') return { key: 'wait', ...PENDING, content: t('applications.wait.taking_effect') };
  if (s.stage !== 'awaiting_contract') return undefined;
  const next = s.deadlines?.nextReminder;
  return {
    key: 'wait', ...PENDING,
    content: <>
      {t('applications.wait.awaiting_contract', { deadline: date(s.deadlines?.contract ?? '') })}
      {next && <div className="muted">{t('applications.wait.nextReminder', { when: date(next) })}</div>}
    </>,
  };
}

/** The application's stages as the workflow records them, oldest first, then what it waits for. */
export function ApplicationTimeline({ status }: { status: ApplicationStatus }) {
  const { t, date } = useI18n();
  const formatDate = (iso: string) => date(iso);
  let reminders = 0;
  const items: TimelineItemProps[] = (status.history ?? []).map((e, i) => {
    if (e.event === 'contract_reminder') reminders++;
    const { title, note } = describe(e, status, t, formatDate, reminders);
    // The moment above the step, not in antd's title column: that column takes half the width, a phone's too.
    const content: ReactNode = <>
      <time className="muted" dateTime={e.at}>{date(e.at)}</time>
      <div>{title}</div>
      {note && <div className="muted timeline-note">{note}</div>}
    </>;
    return { key: i, content, color: BAD.has(e.event!) ? 'red' : GOOD.has(e.event!) ? 'green' : 'blue' };
  });
  const wait = waiting(status, t, formatDate);
  if (wait) items.push(wait);
  return (
    <section aria-labelledby="application-timeline-title">
      <h3 id="application-timeline-title" className="section-title">{t('applications.timeline')}</h3>
      {items.length === 0 ? <p className="muted">{t('applications.noHistory')}</p> : <Timeline items={items} />}
    </section>
  );
}
