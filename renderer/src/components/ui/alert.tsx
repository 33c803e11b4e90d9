import type { ReactNode } from 'react';

/** A coloured message box; `role=alert` for errors so screen readers announce them. */
export function Alert({ tone, title, children, onDismiss }: { tone: 'error' | 'warning' | 'info' | 'success'; title?: string; children?: ReactNode; onDismiss?: () => void }) {
  return (
    <div className={`alert ${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div style={{ flex: 1, minWidth: 0 }}>
        {title && <strong>{title}</strong>}
        {children && <div>{children}</div>}
      </div>
      {onDismiss && <button className="btn small" onClick={onDismiss} aria-label="Dismiss">Dismiss</button>}
    </div>
  );
}
