import { describe, expect, it } from 'vitest';
import { blobInSlices } from '../../../../renderer/platform/blobInSlices';

describe('blobInSlices', () => {
  it.each([
    ['several whole slices', 4096, 1024, 3],
    ['a shorter last slice', 4100, 1024, 4],
    ['one slice', 1000, 1024, 0],
    ['nothing', 0, 1024, 0],
  ])('%s: the same bytes, a pause between slices', async (_name, length, slice, pauses) => {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 31) % 251);
    let paused = 0;
    const blob = await blobInSlices(bytes, 'application/octet-stream', async () => void paused++, slice);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes);
    expect(blob.type).toBe('application/octet-stream');
    expect(paused).toBe(pauses);
  });
});
