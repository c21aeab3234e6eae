/**
 * No lost work: a form with changes that are not saved registers itself here; leaving the screen
 * through the top menu, logging out or closing the window asks first. Module state, because the top
 * menu and the form are far apart in the tree and only one window exists.
 */
import { useEffect } from 'react';

const dirtyForms = new Set<symbol>();

export const LEAVE_QUESTION = '保存していない入力があります。この画面を離れると、入力した内容は失われます。離れてよろしいですか。';

/** Registers the calling form while `dirty`; also asks before the window is closed or reloaded. */
export function useUnsavedChanges(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const token = Symbol('unsaved form');
    dirtyForms.add(token);
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => {
      dirtyForms.delete(token);
      window.removeEventListener('beforeunload', warn);
    };
  }, [dirty]);
}

/** True when nothing is unsaved, or the person chose to leave anyway. */
export function confirmLeave(): boolean {
  return dirtyForms.size === 0 || window.confirm(LEAVE_QUESTION);
}
