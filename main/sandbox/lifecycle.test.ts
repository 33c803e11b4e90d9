import { describe, expect, it } from 'vitest';
import { startSandbox } from './index.ts';
import { backendToken } from './testing/sandbox-test-kit.ts';

describe('sandbox lifecycle', () => {
  it('binds 127.0.0.1 only and refuses another host', async () => {
    await expect(startSandbox({ host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1/);
    const sb = await startSandbox({ port: 0 });
    expect(sb.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await sb.stop();
    await expect(fetch(`${sb.fhirBaseUrl}/metadata`)).rejects.toThrow();
  });

  it('stops quickly with an open keep-alive connection and a request still waiting', async () => {
    const sb = await startSandbox();
    const token = await backendToken(sb, 'system/*.rs');
    const pending = fetch(`${sb.fhirBaseUrl}/Patient`, { headers: { authorization: `Bearer ${token}`, 'x-sandbox-fail': 'slow=30000' } });
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await sb.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });

  it('starts and stops repeatedly, and a port in use is reported', async () => {
    const first = await startSandbox();
    const port = Number(new URL(first.origin).port);
    await expect(startSandbox({ port })).rejects.toThrow(/EADDRINUSE/);
    await first.stop();
    for (let i = 0; i < 3; i++) {
      const sb = await startSandbox();
      expect((await fetch(`${sb.fhirBaseUrl}/metadata`)).status).toBe(200);
      await sb.stop();
    }
    const again = await startSandbox({ port });
    expect(again.origin).toBe(first.origin);
    await again.stop();
  });

  it('rejects invalid extra client metadata at start', async () => {
    await expect(startSandbox({ clients: [{ client_id: 'bad', token_endpoint_auth_method: 'private_key_jwt' }] })).rejects.toThrow();
  });
});
