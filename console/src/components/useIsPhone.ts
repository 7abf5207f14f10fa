import { Grid } from 'antd';

/** Phone width (below antd's md breakpoint): drawers go full-screen and the list becomes cards. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}
