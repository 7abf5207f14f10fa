import type { ReactNode } from 'react';

/**
 * A table wider than a phone scrolls sideways inside its card, never the page; the region takes the keyboard's
 * focus (arrow keys scroll it) and is named after its table.
 */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  return <div className="table-scroll details-scroll" role="region" aria-label={label} tabIndex={0}>{children}</div>;
}
