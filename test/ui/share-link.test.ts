import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/presets/presets';
import { presetCore } from '../../src/ui/playground/documents';
import { bytesToBase64Url, toBase64Url } from '../../src/ui/project/base64';
import { inflateBounded, MAX_SHARE_JSON, readShareHash, shareUrl } from '../../src/ui/project/share';

const transformer = PRESETS.find((p) => p.id === 'transformer-sentiment')!;

describe('share links', () => {
  it('are deflated: the Transformer link is several times shorter, and opens the same project', () => {
    const core = presetCore(transformer);
    const url = shareUrl(core, 'Transformer', 'https://example.test/app');
    const hash = new URL(url).hash;
    expect(hash.startsWith('#s=')).toBe(true);
    const legacy = `#share=${toBase64Url(JSON.stringify({ v: 1, name: 'Transformer', ...core }))}`;
    console.log(`Transformer share link: ${hash.length} characters (base64 JSON: ${legacy.length})`);
    expect(hash.length * 3).toBeLessThan(legacy.length); // 817 against 2829 characters
    const opened = readShareHash(hash);
    expect(opened).toEqual({ core, name: 'Transformer' });
    // Links of the first format still open, to the same project.
    expect(readShareHash(legacy)).toEqual(opened);
  });

  it('refuses a small link that inflates past the limit, and a truncated one', () => {
    const bomb = deflateSync(new TextEncoder().encode(`{"v":1,"name":"${'a'.repeat(MAX_SHARE_JSON + 10)}"}`), { level: 9 });
    expect(bomb.length).toBeLessThan(10_000);
    expect(readShareHash(`#s=${bytesToBase64Url(bomb)}`)).toEqual({ error: `The share link is damaged: it unpacks to more than ${MAX_SHARE_JSON} bytes.` });
    const ok = deflateSync(new TextEncoder().encode(JSON.stringify({ v: 1, name: 'x', ...presetCore(transformer) })));
    expect(readShareHash(`#s=${bytesToBase64Url(ok.subarray(0, ok.length - 20))}`)).toEqual({ error: 'The share link is damaged: it does not decode to a model.' });
    expect(() => inflateBounded(ok.subarray(0, 10), 1000)).toThrow();
  });

  it('refuses a hash longer than any model needs before decoding it', () => {
    const r = readShareHash(`#s=${'A'.repeat(500_000)}`);
    expect(r).toEqual({ error: 'The share link is too long (500003 characters; at most 400000).' });
  });
});
