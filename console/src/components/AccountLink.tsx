import type { ReactNode } from 'react';
import { usePlace } from '../navigation/place';

/**
 * A link to an account's details (#/accounts/ID, keeping the enterprise staff picked): its name, or `children`
 * (such as "Details") with `label` naming the account for screen readers.
 */
export function AccountLink({ id, name, label, children }: { id: number; name: string; label?: string; children?: ReactNode }) {
  const { href } = usePlace();
  return <a href={href({ screen: 'account', accountId: id })} aria-label={children ? (label ?? name) : undefined}>{children ?? name}</a>;
}
