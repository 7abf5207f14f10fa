import { Alert } from 'antd';
import { ApiError } from '../api/client';
import { useI18n, type MessageKey, type Translate } from '../i18n';
import { en } from '../i18n/en';

const OWN_WORDS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'DEPENDENCY_UNAVAILABLE', 'INTERNAL']);

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/[.。]$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}`;
};

/**
 * A refusal in words: the API's code and details become a sentence (codes with their own words in the
 * catalogue; otherwise the API's own sentence, which already names the figures). Never a raw code.
 */
export function describeError(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (OWN_WORDS.has(err.code)) return t(`error.${err.code}` as MessageKey);
    // English says the API's own sentence (it names the figures); other languages have one per code, and for a
    // code without its own words name the code (and the field), never the English sentence.
    const key = `error.${err.code}` as MessageKey;
    const field = typeof err.details.field === 'string' ? err.details.field : '—';
    return t(key in en ? key : 'error.fallback', { message: sentence(err.message), code: err.code, field });
  }
  return t('error.network');
}

/** One refusal shown where it happened, announced to screen readers. */
export function ErrorText({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" title={describeError(error, t)} />;
}
