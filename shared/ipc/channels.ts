/**
 * The IPC channel names and the bridge method each becomes. Kept apart from the schemas in
 * `contract.ts` so the sandboxed preload can be bundled without the schema library.
 */
export const ipcChannels = ['app:getInfo', 'file:save', 'print:savePdf', 'key:create', 'key:sign', 'key:list', 'key:revoke'] as const;
export type IpcChannel = (typeof ipcChannels)[number];

/** The method name the preload exposes for a channel: 'file:save' -> 'fileSave'. */
export function bridgeMethodName(channel: IpcChannel): string {
  const [namespace, verb] = channel.split(':') as [string, string];
  return namespace + verb.charAt(0).toUpperCase() + verb.slice(1);
}
