import { describe, expect, it, vi } from 'vitest';
import { createHandler, handle, isTrustedSender } from '../../../../electron/ipc/handle';
import { saveFile } from '../../../../electron/ipc/fileSave';
import { getAppInfo } from '../../../../electron/ipc/appInfo';
import { pdfOptions, savePdf } from '../../../../electron/ipc/printPdf';

const appFrame = { senderFrame: { url: 'app://bundle/index.html', parent: null } };

describe('isTrustedSender', () => {
  it('returns true for the app top frame', () => {
    expect(isTrustedSender(appFrame)).toBe(true);
  });

  it.each([
    ['no frame', { senderFrame: null }],
    ['a remote page', { senderFrame: { url: 'https://example.com/', parent: null } }],
    ['a file page', { senderFrame: { url: 'file:///etc/passwd', parent: null } }],
    ['a subframe of the app', { senderFrame: { url: 'app://bundle/index.html', parent: {} } }],
    ['a lookalike host', { senderFrame: { url: 'app://bundle.evil/index.html', parent: null } }],
  ])('returns false for %s', (_name, event) => {
    expect(isTrustedSender(event)).toBe(false);
  });
});

describe('createHandler', () => {
  it('returns the value when sender and argument are good', async () => {
    const handler = createHandler('app:getInfo', () => ({ version: '1.0.0', platform: 'win32' }));
    expect(await handler(appFrame, undefined)).toEqual({ ok: true, value: { version: '1.0.0', platform: 'win32' } });
  });

  it('returns an error and never calls the implementation for a wrong sender', async () => {
    const implementation = vi.fn(() => ({ saved: true }));
    const handler = createHandler('file:save', implementation);
    const result = await handler({ senderFrame: { url: 'https://example.com/', parent: null } }, { suggestedName: 'a.xlsx', bytes: new Uint8Array(1) });
    expect(result).toEqual({ ok: false, error: 'この画面からは実行できません。' });
    expect(implementation).not.toHaveBeenCalled();
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'a.xlsx'],
    ['a path instead of a name', { suggestedName: '../../Windows/System32/x.dll', bytes: new Uint8Array(1) }],
    ['a Windows path', { suggestedName: 'C:\\x.xlsx', bytes: new Uint8Array(1) }],
    ['a name with a control character', { suggestedName: 'a\u0000.xlsx', bytes: new Uint8Array(1) }],
    ['a dot-dot name', { suggestedName: '..', bytes: new Uint8Array(1) }],
    ['bytes as a plain array', { suggestedName: 'a.xlsx', bytes: [1, 2, 3] }],
    ['an empty name', { suggestedName: '', bytes: new Uint8Array(1) }],
    ['a prototype-polluting object', JSON.parse('{"__proto__":{"polluted":true},"suggestedName":"a.xlsx"}')],
  ])('returns an error and never calls the implementation for %s', async (_name, argument) => {
    const implementation = vi.fn(() => ({ saved: true }));
    const handler = createHandler('file:save', implementation);
    expect(await handler(appFrame, argument)).toEqual({ ok: false, error: '要求の内容が正しくありません。' });
    expect(implementation).not.toHaveBeenCalled();
  });

  it('returns an error instead of throwing when the implementation fails', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const handler = createHandler('app:getInfo', () => {
      throw new Error('disk on fire');
    });
    const result = await handler(appFrame, undefined);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('disk on fire');
    spy.mockRestore();
  });
});

describe('handle', () => {
  it('registers the channel on ipcMain with the checked handler', async () => {
    const registered: Record<string, (event: unknown, raw: unknown) => Promise<unknown>> = {};
    handle({ handle: (channel: string, listener: never) => void (registered[channel] = listener) } as never, 'app:getInfo', () => ({ version: '2', platform: 'linux' }));
    expect(await registered['app:getInfo']!(appFrame, undefined)).toEqual({ ok: true, value: { version: '2', platform: 'linux' } });
    expect(await registered['app:getInfo']!({ senderFrame: null }, undefined)).toMatchObject({ ok: false });
  });
});

describe('saveFile', () => {
  it('writes the bytes where the user chose and reports cancel as not saved', async () => {
    const write = vi.fn(async () => undefined);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await saveFile({ showSaveDialog: async () => ({ canceled: false, filePath: '/media/usb/台帳.xlsx' }) }, { suggestedName: '台帳.xlsx', bytes }, write)).toEqual({ saved: true });
    expect(write).toHaveBeenCalledWith('/media/usb/台帳.xlsx', bytes);
    expect(await saveFile({ showSaveDialog: async () => ({ canceled: true }) }, { suggestedName: '台帳.xlsx', bytes }, write)).toEqual({ saved: false });
    expect(write).toHaveBeenCalledTimes(1);
  });
});

describe('getAppInfo', () => {
  it('returns the app version and platform', () => {
    expect(getAppInfo({ getVersion: () => '0.1.0' }, 'win32')).toEqual({ version: '0.1.0', platform: 'win32' });
  });
});

describe('savePdf', () => {
  it('prints the sender at its CSS page size without added margins and saves where the user chose', async () => {
    const pdf = Uint8Array.from([0x25, 0x50, 0x44, 0x46]);
    const printToPDF = vi.fn(async () => pdf);
    const write = vi.fn(async () => undefined);
    expect(await savePdf({ printToPDF }, { showSaveDialog: async () => ({ canceled: false, filePath: '/media/usb/ラベル.pdf' }) }, { suggestedName: 'ラベル.pdf' }, write)).toEqual({ saved: true });
    expect(printToPDF).toHaveBeenCalledWith(pdfOptions);
    expect(pdfOptions).toMatchObject({ preferCSSPageSize: true, margins: { marginType: 'none' } });
    expect(write).toHaveBeenCalledWith('/media/usb/ラベル.pdf', pdf);
  });

  it('passes the sender to the handler and refuses a path as the suggested name', async () => {
    const printToPDF = vi.fn(async () => new Uint8Array(1));
    const handler = createHandler('print:savePdf', (request, sender) => savePdf(sender, { showSaveDialog: async () => ({ canceled: true }) }, request));
    expect(await handler({ ...appFrame, sender: { printToPDF } }, { suggestedName: 'a.pdf' })).toEqual({ ok: true, value: { saved: false } });
    expect(await handler({ ...appFrame, sender: { printToPDF } }, { suggestedName: '../../a.pdf' })).toMatchObject({ ok: false });
    expect(printToPDF).toHaveBeenCalledTimes(1);
  });
});
