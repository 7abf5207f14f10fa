import { readToken } from '../../session/token';
import { ApiError } from '../../api/client';
import type { Translate } from '../../i18n';
import type { AccountListQuery } from './queries';

/** `Acme-accounts-2026-11-30.csv` (`Acme-账号-2026-11-30.csv`): the enterprise and the day, safe as a file name. */
export function exportFileName(enterpriseName: string, day: Date, all: boolean, t: Translate): string {
  const safe = enterpriseName.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || t('list.fileEnterprise');
  const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  return t(all ? 'list.fileAll' : 'list.filePage', { enterprise: safe, date });
}

/** Downloads the API's CSV of this page (the list's own query) or of every account matching the filters. */
export async function exportCsv(options: { enterpriseId: number; enterpriseName: string; query: AccountListQuery; all: boolean; t: Translate }): Promise<void> {
  const params = new URLSearchParams(Object.entries({ ...options.query, all: options.all }).map(([k, v]) => [k, String(v)]));
  const response = await fetch(`/enterprises/${options.enterpriseId}/accounts.csv?${params.toString()}`, {
    headers: { authorization: `Bearer ${readToken() ?? ''}` },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string; details: Record<string, unknown> } };
    throw new ApiError(response.status, body.error?.code ?? 'INTERNAL', body.error?.message ?? response.statusText, body.error?.details ?? {});
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = exportFileName(options.enterpriseName, new Date(), options.all, options.t);
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}
