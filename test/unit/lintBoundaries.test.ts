import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint();
const restricted = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
};

describe('layer boundaries (eslint)', () => {
  // The first lint loads the parser and the whole configuration (seconds on a busy 2-core machine);
  // it is done once here with its own time limit so each case below measures one lint only.
  beforeAll(async () => {
    await eslint.lintText('export {};', { filePath: 'shared/domain/warm-up.ts' });
  }, 60_000);

  it.each([
    ['shared/domain/x.ts', "import { app } from 'electron';"],
    ['shared/domain/x.ts', "import React from 'react';"],
    ['shared/domain/x.ts', "import Dexie from 'dexie';"],
    ['shared/domain/x.ts', "import { readFile } from 'node:fs';"],
    ['shared/domain/x.ts', "import { db } from '../../renderer/data/db';"],
    ['renderer/features/ledger/x.tsx', "import { handle } from '../../../electron/ipc/handle';"],
    ['renderer/features/ledger/x.tsx', "import Dexie from 'dexie';"],
    ['renderer/features/ledger/x.tsx', "import { ipcRenderer } from 'electron';"],
    ['electron/x.ts', "import { App } from '../renderer/App';"],
    ['cli/x.ts', "import { db } from '../renderer/data/db';"],
  ])('refuses in %s: %s', async (filePath, code) => {
    expect(await restricted(filePath, `${code}\nexport {};`)).toBeGreaterThan(0);
  });

  it.each([
    ['shared/domain/x.ts', "import { z } from 'zod';"],
    ['renderer/data/x.ts', "import Dexie from 'dexie';"],
    ['renderer/features/ledger/x.tsx', "import { useAssets } from '../../data/useLedger';"],
    ['electron/x.ts', "import { ipcContract } from '../shared/ipc/contract';"],
    ['cli/x.ts', "import { readFileSync } from 'node:fs';"],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await restricted(filePath, `${code}\nexport {};`)).toBe(0);
  });
});
