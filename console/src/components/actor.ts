/** Who acted, as a person reads it: the name in `principal:<id>:<name>`, or the actor string itself (a system). */
export function actorName(actor: string | null | undefined): string {
  if (!actor) return '—';
  const m = /^principal:\d+:(.+)$/.exec(actor);
  return m ? m[1]! : actor;
}
