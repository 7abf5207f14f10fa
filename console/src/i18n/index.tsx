import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type Language = 'en-US' | 'zh-CN';
export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { 'en-US': en, 'zh-CN': zhCN };
const KEY = 'uam.language';

const fill = (text: string, vars: Record<string, string | number> = {}) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));

const initial = (): Language => {
  const saved = localStorage.getItem(KEY);
  if (saved === 'en-US' || saved === 'zh-CN') return saved;
  return navigator.language.startsWith('zh') ? 'zh-CN' : 'en-US';
};

/** A moment from the API (ISO 8601) as this language writes it: "Nov 30, 2026, 18:20" / "2026/11/30 18:20". */
export type FormatDate = (iso: string | null | undefined, options?: { time?: boolean }) => string;

interface I18n { language: Language; t: Translate; setLanguage(language: Language): void; date: FormatDate }

const formatters = (language: Language) => ({
  day: new Intl.DateTimeFormat(language, { dateStyle: 'medium' }),
  time: new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }),
});
const Context = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(initial);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(KEY, next);
    setState(next);
  }, []);
  // The page says which language it is in (screen readers, fonts) and its tab is titled in it, from the first paint.
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = CATALOGUES[language]['app.title'];
  }, [language]);
  const value = useMemo<I18n>(() => {
    const f = formatters(language);
    const date: FormatDate = (iso, { time = true } = {}) => (iso ? (time ? f.time : f.day).format(new Date(iso)) : '—');
    return { language, setLanguage, date, t: (key, vars) => fill(CATALOGUES[language][key], vars) };
  }, [language, setLanguage]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
