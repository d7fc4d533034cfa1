import { useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { LOOK as token } from '../../app/look';

export interface ScreenTab {
  key: string;
  label: string;
  children: ReactNode;
}

/**
 * The unit screen's tabs (entry, approval, completeness, audit trail) with the tab roles and arrow keys
 * of a tab list; a tab once opened stays mounted (hidden), so a half-filled form survives a look at
 * another tab. Light on purpose: antd's Tabs brings an overflow menu and dropdown the entry screen
 * does not need.
 */
export function ScreenTabs({ items }: { items: ScreenTab[] }) {
  const id = useId();
  const [active, setActive] = useState(items[0]?.key);
  const current = items.some((i) => i.key === active) ? active : items[0]?.key;
  const [visited, setVisited] = useState<Set<string>>(() => new Set(current ? [current] : []));
  const open = (key: string) => {
    setActive(key);
    setVisited((v) => (v.has(key) ? v : new Set(v).add(key)));
  };
  const onKey = (e: KeyboardEvent, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = items[(index + step + items.length) % items.length]!;
    open(next.key);
    document.getElementById(`${id}-tab-${next.key}`)?.focus();
  };
  return (
    <div>
      <div role="tablist" style={{ display: 'flex', gap: 4, borderBottom: `1px solid ${token.colorBorderSecondary}`, marginBottom: 12, overflowX: 'auto' }}>
        {items.map((tab, index) => {
          const selected = tab.key === current;
          return (
            <button
              key={tab.key}
              id={`${id}-tab-${tab.key}`}
              type="button"
              role="tab"
              aria-selected={selected}
              aria-controls={`${id}-panel-${tab.key}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => open(tab.key)}
              onKeyDown={(e) => onKey(e, index)}
              style={{
                background: 'none',
                border: 'none',
                borderBottom: `2px solid ${selected ? token.colorPrimary : 'transparent'}`,
                color: selected ? token.colorPrimary : token.colorText,
                padding: '8px 12px',
                fontSize: token.fontSize,
                cursor: 'pointer',
                whiteSpace: 'nowrap',
              }}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {items.map((tab) =>
        tab.key === current || visited.has(tab.key) ? (
          <div key={tab.key} id={`${id}-panel-${tab.key}`} role="tabpanel" aria-labelledby={`${id}-tab-${tab.key}`} hidden={tab.key !== current}>
            {tab.children}
          </div>
        ) : null,
      )}
    </div>
  );
}
