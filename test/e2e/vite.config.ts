// The bundle the end-to-end tests run against (`npm run test:e2e` builds it, playwright.config.ts serves
// it): the app's own config in mode 'e2e', in a folder of its own, never the one electron-builder packages
// (dist/renderer). Mode 'e2e' differs only in cheap password hashing for new accounts, so each test does
// not spend seconds of scrypt per setup and login (renderer/data/passwordHasher.ts, endToEndHasher).
import { defineConfig, mergeConfig } from 'vite';
import appConfig from '../../vite.config.ts';

export default mergeConfig(appConfig, defineConfig({
  mode: 'e2e',
  build: { outDir: '../dist/renderer-e2e', emptyOutDir: true },
}));
