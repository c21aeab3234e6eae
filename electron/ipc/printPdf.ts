/**
 * 'print:savePdf': prints the label page that asked to PDF, at the page size its CSS sets (@page), with
 * no margins added, so labels land where the template says; then saves it where the user picks.
 */
import { writeFile } from 'node:fs/promises';
import type { IpcResponse } from '../../shared/ipc/contract';
import type { RequestSender } from './handle';
import type { SaveDialog } from './fileSave';

export const pdfOptions = { printBackground: true, preferCSSPageSize: true, margins: { marginType: 'none' } };

export async function savePdf(
  sender: RequestSender,
  dialog: SaveDialog,
  request: { suggestedName: string },
  write: (path: string, bytes: Uint8Array) => Promise<void> = writeFile,
): Promise<IpcResponse<'print:savePdf'>> {
  const pdf = await sender.printToPDF(pdfOptions);
  const choice = await dialog.showSaveDialog({ defaultPath: request.suggestedName });
  if (choice.canceled || !choice.filePath) return { saved: false };
  await write(choice.filePath, pdf);
  return { saved: true };
}
