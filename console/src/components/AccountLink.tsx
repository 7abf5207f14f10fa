import { usePlace } from '../navigation/place';

/** An account's name as a link to its details (#/accounts/ID, keeping the enterprise staff picked). */
export function AccountLink({ id, name }: { id: number; name: string }) {
  const { href } = usePlace();
  return <a href={href({ screen: 'account', accountId: id })}>{name}</a>;
}
