/**
 * The bridge between the sandboxed renderer and the main process. It exposes exactly one method per
 * contract channel as `window.desktop`, and never ipcRenderer itself (which would let page script
 * send on any channel).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { bridgeMethodName, ipcChannels } from '../shared/ipc/channels';

const bridge: Record<string, (request: unknown) => Promise<unknown>> = {};
for (const channel of ipcChannels) {
  bridge[bridgeMethodName(channel)] = (request: unknown) => ipcRenderer.invoke(channel, request);
}
contextBridge.exposeInMainWorld('desktop', Object.freeze(bridge));
