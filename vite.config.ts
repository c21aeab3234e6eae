import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from './electron/security/csp.ts';
import packageJson from './package.json' with { type: 'json' };

// The same CSP as the desktop shell, so the browser preview (and the end-to-end tests run against it)
// fail on anything the app:// protocol would refuse.
const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

export default defineConfig({
  root: 'renderer',
  publicDir: '../assets/web',
  base: './',
  plugins: [react()],
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(packageJson.version) },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The built app must not reference anything remote; inline nothing as data: URL scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // A desktop app loads from disk, not over a network: one bundle is fine.
    chunkSizeWarningLimit: 1500,
  },
  server: { headers: securityHeaders },
  preview: { headers: securityHeaders, host: '127.0.0.1' },
});
