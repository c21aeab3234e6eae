/**
 * Every permission (camera, microphone, geolocation, notifications, clipboard read, USB, HID, serial,
 * …) is denied: the ledger needs none of them, and each would be a way out of the sandbox.
 */
import type { Session } from 'electron';

/** The app grants no permission, whatever is asked. */
export function decidePermission(_permission: string): false {
  return false;
}

export function installPermissionGuard(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(decidePermission(permission)));
  session.setPermissionCheckHandler((_contents, permission) => decidePermission(permission));
  session.setDevicePermissionHandler(() => false);
}
