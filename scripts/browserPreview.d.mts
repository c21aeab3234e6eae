// Types of scripts/browserPreview.mjs for the tests (the script itself runs in plain Node).
import type { PreviewServer } from 'vite';

export declare const PREVIEW_HOST: string;
export declare const PREVIEW_DEFAULT_PORT: number;
export declare const ELECTRON_MISSING_LINE: string;
export declare function previewReadyLine(url: string): string;
export declare function openCommand(platform: string, url: string): { command: string; args: string[] } | null;
export declare function preferredPort(env: Record<string, string | undefined>): number;
export declare function rendererStale(root: string): boolean;
export declare function openBrowser(url: string, platform?: string, log?: (line: string) => void): Promise<boolean>;
export declare function startBrowserPreview(options: { root: string; env?: Record<string, string | undefined>; log?: (line: string) => void }): Promise<{ server: PreviewServer; url: string }>;
