import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLoad, staticImports } from '../../../scripts/firstLoadSize.mjs';

describe('staticImports', () => {
  it.each([
    ['import{a as b}from"./x-1.js";', ['./x-1.js']],
    ['import"./side.js";var a=1', ['./side.js']],
    ['export{a}from"./re.js"', ['./re.js']],
    ['import * as n from "../up.js"', ['../up.js']],
    ['const m=()=>import("./lazy.js")', []],
    ['import("./lazy.js").then(x=>x)', []],
    ['var s="import x from \'https://evil.example/a.js\'"', []],
    ['', []],
  ])('%j -> %j', (code, expected) => expect(staticImports(code)).toEqual(expected));
});

describe('firstLoad', () => {
  it('counts the entry, its preloads and their static imports, but not what loads on demand', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daicho-first-load-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<script type="module" crossorigin src="./assets/index.js"></script><link rel="modulepreload" crossorigin href="./assets/pre.js">');
    writeFileSync(path.join(dir, 'assets/index.js'), 'import{a}from"./shared.js";const s=()=>import("./lazy.js");');
    writeFileSync(path.join(dir, 'assets/pre.js'), 'export const p=1;');
    writeFileSync(path.join(dir, 'assets/shared.js'), 'import"./pre.js";export const a="x".repeat(1000);');
    writeFileSync(path.join(dir, 'assets/lazy.js'), 'x'.repeat(100_000));
    const result = firstLoad(dir);
    expect(result.chunks.map((c) => c.file).sort()).toEqual(['assets/index.js', 'assets/pre.js', 'assets/shared.js']);
    expect(result.raw).toBe(result.chunks.reduce((n, c) => n + c.raw, 0));
    expect(result.gzip).toBeGreaterThan(0);
    expect(result.raw).toBeLessThan(1000);
  });
});
