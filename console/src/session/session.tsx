import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, TOKEN_REFUSED, api, unwrap } from '../api/client';
import type { Me } from './can';
import { forgetToken, readToken, saveToken } from './token';

interface Session {
  /** The signed-in principal, once /me answered. */
  me: Me | undefined;
  signedIn: boolean;
  /** Why the last session ended when it was not the user's choice (a refused token). */
  ended: unknown;
  signIn(token: string): Promise<void>;
  signOut(reason?: unknown): void;
}

const Context = createContext<Session | null>(null);

/** Who is signed in. Signing out (or a refused token) drops every cached figure, so nothing stays on screen. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(readToken);
  const [ended, setEnded] = useState<unknown>(null);
  const me = useQuery({
    queryKey: ['me', token],
    enabled: !!token,
    queryFn: async () => (await unwrap(api.GET('/me'))) as Me,
    staleTime: Infinity,
  });

  const signOut = useCallback((reason: unknown = null) => {
    forgetToken();
    queryClient.clear();
    setEnded(reason);
    setToken(null);
  }, [queryClient]);

  useEffect(() => {
    const refused = () => {
      if (readToken()) signOut(new ApiError(401, 'UNAUTHENTICATED', 'token refused', {}));
    };
    window.addEventListener(TOKEN_REFUSED, refused);
    return () => window.removeEventListener(TOKEN_REFUSED, refused);
  }, [signOut]);

  const signIn = useCallback(async (next: string) => {
    // Checked before it is kept: a refused token never becomes the session's.
    const principal = (await unwrap(api.GET('/me', { headers: { authorization: `Bearer ${next}` } }))) as Me;
    saveToken(next);
    queryClient.setQueryData(['me', next], principal);
    setEnded(null);
    setToken(next);
  }, [queryClient]);

  const value = useMemo<Session>(
    () => ({ me: me.data, signedIn: !!token && !!me.data, ended, signIn, signOut }),
    [me.data, token, ended, signIn, signOut],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): Session {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
