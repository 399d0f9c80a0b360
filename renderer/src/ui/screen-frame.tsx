/** The frame of a screen: breadcrumb, the h1 that labels the section, an optional toolbar, then the body. */
import type { JSX, ReactNode } from 'react';

export function ScreenFrame({
  className,
  titleId,
  testId,
  crumbs,
  title,
  actions,
  children,
}: {
  className: string;
  titleId: string;
  testId?: string;
  crumbs: ReactNode;
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}): JSX.Element {
  return (
    <section className={className} aria-labelledby={titleId} data-testid={testId}>
      <div className="breadcrumb">{crumbs}</div>
      <div className="screen-header">
        <h1 id={titleId}>{title}</h1>
        {actions !== undefined && <div className="toolbar">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
