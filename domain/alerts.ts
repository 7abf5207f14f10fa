/** Alert state per account: 'armed' waits for a crossing below the threshold; 'fired' waits to re-arm. */
export type AlertState = 'armed' | 'fired';

export interface AlertSetting {
  threshold: bigint | null;
  enabled: boolean;
  state: AlertState;
}

export type AlertDecision = { action: 'fire' } | { action: 'rearm' } | { action: 'none' };

/**
 * Threshold crossing with hysteresis: fire once when available quota is below the threshold while armed,
 * re-arm when it is back at or above it. Repeated checks below the threshold do nothing.
 */
export function decideAlert(setting: AlertSetting, available: bigint): AlertDecision {
  if (!setting.enabled || setting.threshold === null) return { action: 'none' };
  const below = available < setting.threshold;
  if (below && setting.state === 'armed') return { action: 'fire' };
  if (!below && setting.state === 'fired') return { action: 'rearm' };
  return { action: 'none' };
}
