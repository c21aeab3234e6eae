import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';

describe('preload bundle', () => {
  it('requires nothing but electron (a sandboxed preload cannot load other modules)', async () => {
    const result = await build({
      entryPoints: ['electron/preload.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(code).not.toContain('zod');
    expect(code.length).toBeLessThan(5_000);
  });
});
