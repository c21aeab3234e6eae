/**
 * The top bar's navigation (issue 14: fourteen screens did not fit at 1366 px and the last ones were
 * scrolled out of sight). The screens used every day are buttons of their own; the others sit in two
 * menus named for what they are for. A menu is a disclosure (a button that opens a short list of
 * buttons), so it works with the keyboard without a special key map: Tab moves through the list,
 * Escape closes it and returns to its button.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export type NavEntry<V extends string> = { view: V; label: string; extra?: ReactNode };
export type NavSlot<V extends string> = NavEntry<V> | { group: string; entries: NavEntry<V>[] };

export function TopNav<V extends string>({ slots, current, onChoose }: { slots: NavSlot<V>[]; current: string; onChoose: (view: V) => void }) {
  const [open, setOpen] = useState<string | null>(null);
  const navRef = useRef<HTMLElement>(null);
  // A click anywhere outside the bar closes an open menu, as menus do everywhere else.
  useEffect(() => {
    if (open === null) return;
    const close = (event: PointerEvent) => {
      if (!navRef.current?.contains(event.target as Node)) setOpen(null);
    };
    window.addEventListener('pointerdown', close);
    return () => window.removeEventListener('pointerdown', close);
  }, [open]);

  const choose = (view: V) => {
    setOpen(null);
    onChoose(view);
  };
  return (
    <nav className="topnav" aria-label="主な画面" ref={navRef}>
      {slots.map((slot) =>
        'group' in slot ? (
          <NavGroup key={slot.group} label={slot.group} entries={slot.entries} current={current} open={open === slot.group} onToggle={(next) => setOpen(next ? slot.group : null)} onChoose={choose} />
        ) : (
          <button key={slot.view} type="button" aria-current={current === slot.view ? 'page' : undefined} onClick={() => choose(slot.view)}>
            {slot.label}
            {slot.extra}
          </button>
        ),
      )}
    </nav>
  );
}

function NavGroup<V extends string>({ label, entries, current, open, onToggle, onChoose }: { label: string; entries: NavEntry<V>[]; current: string; open: boolean; onToggle: (open: boolean) => void; onChoose: (view: V) => void }) {
  const listId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const here = entries.find((entry) => entry.view === current);
  return (
    <div
      className="topnav__group"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          onToggle(false);
          buttonRef.current?.focus();
        }
      }}
    >
      {/* The menu's button is marked while one of its screens is open, so the bar still shows where one is. */}
      <button ref={buttonRef} type="button" aria-expanded={open} aria-controls={listId} aria-current={here ? 'page' : undefined} onClick={() => onToggle(!open)}>
        {label}
        <span aria-hidden="true" className="topnav__caret">▾</span>
      </button>
      {open && (
        <div className="topnav__menu" id={listId} role="group" aria-label={label}>
          {entries.map((entry) => (
            <button key={entry.view} type="button" aria-current={current === entry.view ? 'page' : undefined} onClick={() => onChoose(entry.view)}>
              {entry.label}
              {entry.extra}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
