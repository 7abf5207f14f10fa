import { Button, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n';

/**
 * Newest-first keyset paging: the cursors of the pages passed, so "Newest" goes back to the start and "Older"
 * follows the API's `next`. The caller reads the page for `before`.
 */
export function usePager() {
  const [cursors, setCursors] = useState<string[]>([]);
  return {
    before: cursors[cursors.length - 1],
    older: (next: string) => setCursors((c) => [...c, next]),
    newest: () => setCursors([]),
    atStart: cursors.length === 0,
  };
}

export function Pager({ pager, next, label }: { pager: ReturnType<typeof usePager>; next: string | null; label: string }) {
  const { t } = useI18n();
  if (pager.atStart && !next) return null;
  return (
    <Space role="group" aria-label={label}>
      <Button size="small" disabled={pager.atStart} onClick={pager.newest}>{t('details.newest')}</Button>
      <Button size="small" disabled={!next} onClick={() => next && pager.older(next)}>{t('details.more')}</Button>
    </Space>
  );
}
