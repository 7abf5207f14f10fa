import { Tag } from 'antd';
import { useI18n, type MessageKey } from '../../i18n';

// Dark words on a light tint: every pair reads at WCAG AA contrast (antd's preset tag colours do not all).
const TONES = {
  open: { color: '#003eb3', background: '#e6f4ff', borderColor: '#91caff' },
  waiting: { color: '#613400', background: '#fffbe6', borderColor: '#ffe58f' },
  good: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  bad: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  closed: { color: '#333333', background: '#fafafa', borderColor: '#d9d9d9' },
};
const TONE_OF: Record<string, keyof typeof TONES> = {
  awaiting_review: 'open', awaiting_contract: 'waiting', taking_effect: 'open',
  in_force: 'good', rejected: 'bad', failed: 'bad', expired: 'closed', lapsed: 'closed', withdrawn: 'closed',
};

export const stageKey = (stage: string | undefined) => `applications.stage.${stage}` as MessageKey;

/** The stage of an application in words, tinted by how it stands. */
export function StageTag({ stage }: { stage: string | undefined }) {
  const { t } = useI18n();
  return <Tag style={TONES[TONE_OF[stage ?? ''] ?? 'closed']}>{t(stageKey(stage))}</Tag>;
}
