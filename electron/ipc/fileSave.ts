/**
 * 'file:save': writes bytes the renderer produced (an exported workbook, a PDF) to a place the user
 * picks in the system dialog. The renderer never names a path: it can only suggest a file name.
 */
import { writeFile } from 'node:fs/promises';
import type { IpcResponse } from '../../shared/ipc/contract';

export interface SaveDialog {
  showSaveDialog(options: { defaultPath: string }): Promise<{ canceled: boolean; filePath?: string }>;
}

export async function saveFile(
  dialog: SaveDialog,
  request: { suggestedName: string; bytes: Uint8Array },
  write: (path: string, bytes: Uint8Array) => Promise<void> = writeFile,
): Promise<IpcResponse<'file:save'>> {
  const choice = await dialog.showSaveDialog({ defaultPath: request.suggestedName });
  if (choice.canceled || !choice.filePath) return { saved: false };
  await write(choice.filePath, request.bytes);
  return { saved: true };
}
