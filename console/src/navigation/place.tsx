import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { picksEnterprise } from '../session/can';
import { useSession } from '../session/session';
import { routeHref, useRoute, type Route } from './route';

/** A route without the enterprise: links made through `href` keep the one in use. */
export type Destination = Route extends infer R ? (R extends Route ? Omit<R, 'enterpriseId'> : never) : never;

interface Place {
  route: Route;
  /** The enterprise the screens show: the one staff picked (kept in the address), or the signed-in admin's/member's own. */
  enterpriseId: number | undefined;
  /** Staff pick an enterprise; the others are bound to theirs. */
  picksEnterprise: boolean;
  pickEnterprise(id: number): void;
  go(to: Destination): void;
  href(to: Destination): string;
}

const Context = createContext<Place | null>(null);

export function PlaceProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const [route, setRoute] = useRoute();
  const staff = !!me && picksEnterprise(me);
  const enterpriseId = staff ? route.enterpriseId : (me?.enterpriseId ?? undefined);
  const value = useMemo<Place>(() => {
    const withEnterprise = (to: Destination): Route => ({ ...to, ...(staff && enterpriseId !== undefined && { enterpriseId }) }) as Route;
    return {
      route, enterpriseId, picksEnterprise: staff,
      pickEnterprise: (id) => setRoute({ ...route, enterpriseId: id, ...(route.screen === 'account' && { screen: 'accounts' }) } as Route),
      go: (to) => setRoute(withEnterprise(to)),
      href: (to) => routeHref(withEnterprise(to)),
    };
  }, [route, setRoute, staff, enterpriseId]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function usePlace(): Place {
  const value = useContext(Context);
  if (!value) throw new Error('usePlace outside PlaceProvider');
  return value;
}
