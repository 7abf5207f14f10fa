import type { MessageKey, Translate } from '../../i18n';
import { en } from './messages';

/** A code from the API in this screen's words, or "Other (code)" for one the console does not know yet. */
function word(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in en ? t(key as MessageKey) : t(`${prefix}.other` as MessageKey, { code });
}

export const kindWord = (t: Translate, kind: string) => word(t, 'details.tx.kind', kind);
export const bookWord = (t: Translate, book: string) => word(t, 'details.tx.book', book);
export const externalWord = (t: Translate, external: string | null | undefined) =>
  (external && `details.tx.ext.${external}` in en ? t(`details.tx.ext.${external}` as MessageKey) : t('details.tx.ext.none'));
export const topicWord = (t: Translate, topic: string) => word(t, 'details.notes.topic', topic);
