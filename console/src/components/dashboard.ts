import { readToken, shareWithDashboard } from '../session/token';

/** Opens the queue dashboard in a new tab, signed in with the console's token (no raw 401 page). */
export function openDashboard(): void {
  const token = readToken();
  if (token) shareWithDashboard(token);
  window.open('/admin/queues', '_blank', 'noopener');
}
