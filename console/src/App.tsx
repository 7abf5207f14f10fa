import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useState } from 'react';
import { ApiError } from './api/client';
import { I18nProvider, useI18n } from './i18n';
import { PlaceProvider } from './navigation/place';
import { Shell } from './navigation/Shell';
import { SignIn } from './screens/sign-in/SignIn';
import { SessionProvider, useSession } from './session/session';

/** A refusal is an answer, not a blip: only network faults and 5xx are retried. */
const retry = (count: number, err: unknown) => count < 2 && !(err instanceof ApiError && err.status < 500);

/** Secondary text and errors darkened to pass WCAG AA contrast (antd's default grey and red do not). */
const THEME = { token: { colorPrimary: '#1d5fd1', colorPrimaryHover: '#1a4fb0', colorPrimaryActive: '#153f8c', colorLink: '#1d5fd1', colorLinkHover: '#1a4fb0', colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextSecondary: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.62)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)', colorError: '#b42318' } };

function Screens() {
  const { signedIn } = useSession();
  return signedIn ? <PlaceProvider><Shell /></PlaceProvider> : <SignIn />;
}

function Localized() {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'zh-CN' ? zhCN : enUS} theme={THEME} button={{ autoInsertSpace: false }}>
      <AntApp>
        <SessionProvider>
          <Screens />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry, refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Localized />
      </I18nProvider>
    </QueryClientProvider>
  );
}
