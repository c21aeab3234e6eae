// Builds the app and the bench page together so they share one origin (and so one IndexedDB).
import { defineConfig, mergeConfig } from 'vite';
import appConfig from '../../vite.config.ts';

export default mergeConfig(appConfig, defineConfig({
  root: '.',
  publicDir: 'assets/web',
  build: {
    outDir: 'dist-bench',
    emptyOutDir: true,
    rollupOptions: { input: { app: 'renderer/index.html', bench: 'test/bench/bench.html' } },
  },
}));
