// Types of scripts/firstLoadSize.mjs for the tests (the script itself runs in plain Node).
export declare function staticImports(code: string): string[];
export declare function firstLoad(distDir: string): { chunks: { file: string; raw: number; gzip: number }[]; raw: number; gzip: number };
