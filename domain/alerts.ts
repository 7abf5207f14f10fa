/** Alert state per account: 'armed' waits for a crossing below the threshold; 'fired' waits to re-arm. */
export type AlertState = 'armed' | 'fired';

export interface AlertSetting {
  threshold: bigint | null;
  enabled: boolean;
  state: AlertState;
}
