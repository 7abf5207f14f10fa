import { useCallback, useEffect, useState } from 'react';

/**
 * Where the console is, kept in the address's hash so every screen can be linked, bookmarked and reloaded:
 *   #/accounts?e=12            the tab (staff carry the enterprise they picked as `e`)
 *   #/accounts/345?e=12        one account's details
 *   #/credit?e=12              the enterprise's credit
 *   #/applications[/ID][?e=12] credit applications, one of them opened
 *   #/webhooks?e=12            the enterprise's webhook endpoints and deliveries
 *   #/ops                      health of the services
 */
export type Route =
  | { screen: 'accounts'; enterpriseId?: number }
  | { screen: 'account'; enterpriseId?: number; accountId: number }
  | { screen: 'credit'; enterpriseId?: number }
  | { screen: 'applications'; enterpriseId?: number; applicationId?: string }
  | { screen: 'webhooks'; enterpriseId?: number }
  | { screen: 'ops'; enterpriseId?: number };

export type Screen = Route['screen'];

const positive = (text: string | null | undefined): number | undefined => (text && /^[1-9]\d{0,15}$/.test(text) ? Number(text) : undefined);

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const enterpriseId = positive(new URLSearchParams(search).get('e'));
  const e = enterpriseId === undefined ? {} : { enterpriseId };
  const [first, second] = path.split('/').filter(Boolean);
  switch (first) {
    case 'accounts': {
      const accountId = positive(second);
      return accountId === undefined ? { screen: 'accounts', ...e } : { screen: 'account', accountId, ...e };
    }
    case 'credit': return { screen: 'credit', ...e };
    case 'applications': return { screen: 'applications', ...e, ...(second && { applicationId: decodeURIComponent(second) }) };
    case 'webhooks': return { screen: 'webhooks', ...e };
    case 'ops': return { screen: 'ops', ...e };
    default: return { screen: 'accounts', ...e };
  }
}

export function routeHref(route: Route): string {
  const path = route.screen === 'account' ? `accounts/${route.accountId}`
    : route.screen === 'applications' && route.applicationId ? `applications/${encodeURIComponent(route.applicationId)}`
      : route.screen;
  return `#/${path}${route.enterpriseId === undefined ? '' : `?e=${route.enterpriseId}`}`;
}

/** The current route, and a way to go elsewhere (a history entry each, so Back works). */
export function useRoute(): [Route, (next: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((next: Route) => { window.location.hash = routeHref(next).slice(1); }, []);
  return [route, go];
}
