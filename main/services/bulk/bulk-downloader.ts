import { createReadStream, createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { AppFailure } from '../../../app/result/index.ts';
import { readBodyLimited, streamExchange, type OpenResponse, type StreamDeps } from '../../http/index.ts';
import { authorizationValue, type AccessToken } from '../tokens/index.ts';

/**
 * Streams Bulk Data output files to disk and reads the first NDJSON lines of one.
 *
 * Why: export files reach gigabytes. Bytes go from the socket to the file chunk by chunk with
 * backpressure (never a whole file in memory), into `<name>.part` renamed when complete, so a
 * cancelled or failed download never leaves a file that looks finished.
 */

/** Network and log access for downloads. */
export type DownloadDeps = StreamDeps;

/** Gets the token for a request (`forceNew` after a 401), or undefined when none is sent. */
export type TokenSource = (forceNew: boolean) => Promise<AccessToken | undefined>;

/** A 200 read by the consumer, or the server's refusal with its body text. */
export type Fetched<T> = { ok: true; value: T } | { ok: false; status: number; statusText: string; text: string };

interface FetchArgs { url: string; profileId: string; signal?: AbortSignal; token: TokenSource; accept: string }

async function errorText(res: OpenResponse): Promise<string> {
  const { text } = await readBodyLimited(res, 64 * 1024);
  return text;
}

/** GETs with the token, renewing it once after a 401; `consume` reads 200 answers. */
async function getWithToken<T>(
  deps: DownloadDeps,
  args: FetchArgs,
  consume: (res: OpenResponse) => Promise<{ value: T; size: number; preview?: string }>,
): Promise<Fetched<T>> {
  let forceNew = false;
  for (;;) {
    const token = await args.token(forceNew);
    const headers: Record<string, string> = { Accept: args.accept };
    if (token) headers.Authorization = authorizationValue(token);
    const out = await streamExchange<Fetched<T>>(deps, {
      method: 'GET', url: args.url, headers, purpose: 'bulk', profileId: args.profileId, signal: args.signal,
      headersTimeoutMs: 60_000, idleTimeoutMs: 60_000, sensitiveValues: token ? [token.accessToken] : [],
    }, async (res) => {
      if (res.status !== 200) {
        const text = await errorText(res);
        return { value: { ok: false as const, status: res.status, statusText: res.statusText, text }, body: { size: text.length, preview: text } };
      }
      const got = await consume(res);
      return { value: { ok: true as const, value: got.value }, body: { size: got.size, preview: got.preview, truncated: got.preview !== undefined } };
    });
    if (!out.value.ok && out.value.status === 401 && token && !forceNew) {
      forceNew = true;
      continue;
    }
    return out.value;
  }
}

/** Bytes a file write may queue before the download waits for the disk. */
export const WRITE_BUFFER_BYTES = 1024 * 1024;

const ioFailure = (path: string, e: unknown) =>
  new AppFailure('STORE_IO', `Could not write ${path}: ${e instanceof Error ? e.message : String(e)}.`);

/** Downloads one file to `path`; resolves with the byte count, or the server's refusal. */
export async function downloadToFile(
  deps: DownloadDeps,
  args: Omit<FetchArgs, 'accept'> & { path: string; onBytes: (bytes: number) => void },
): Promise<Fetched<number>> {
  const part = `${args.path}.part`;
  return getWithToken(deps, { ...args, accept: 'application/fhir+ndjson' }, async (res) => {
    // A 1 MB write buffer lets fs batch socket reads into larger writes (writev) instead of one
    // threadpool round trip per 64 KB chunk, while memory stays bounded by it.
    const out = createWriteStream(part, { mode: 0o600, highWaterMark: WRITE_BUFFER_BYTES });
    const failed = once(out, 'error').then(([e]) => { throw ioFailure(part, e); });
    failed.catch(() => undefined);
    let bytes = 0;
    try {
      for await (const chunk of res.chunks()) {
        bytes += chunk.byteLength;
        if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
        args.onBytes(bytes);
      }
      await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
      await rename(part, args.path).catch((e: unknown) => { throw ioFailure(args.path, e); });
    } catch (e) {
      out.destroy();
      await unlink(part).catch(() => undefined);
      throw e;
    }
    return { value: bytes, size: bytes };
  });
}

/** Splits NDJSON text into at most `n` non-empty lines, saying whether more followed. */
export function firstLines(text: string, n: number, complete: boolean): { lines: string[]; more: boolean } {
  const all = text.split('\n');
  if (!complete) all.pop(); // the last piece may be a cut line
  const lines = all.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim());
  return { lines: lines.slice(0, n), more: lines.length > n || !complete };
}

/** The first `n` lines of a file on the server; stops reading as soon as it has them. */
export async function previewFromServer(deps: DownloadDeps, args: Omit<FetchArgs, 'accept'>, n: number) {
  return getWithToken(deps, { ...args, accept: 'application/fhir+ndjson' }, async (res) => {
    const decoder = new TextDecoder();
    let text = '';
    let complete = true;
    for await (const chunk of res.chunks()) {
      text += decoder.decode(chunk, { stream: true });
      if (text.split('\n').length > n + 1 || text.length > 4 * 1024 * 1024) { complete = false; break; }
    }
    const value = firstLines(text, n, complete);
    return { value, size: Buffer.byteLength(text), preview: text.slice(0, 16 * 1024) };
  });
}

/** The first `n` lines of a downloaded file. */
export async function previewFromFile(path: string, n: number): Promise<{ lines: string[]; more: boolean }> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  const lines: string[] = [];
  let more = false;
  try {
    for await (const line of rl) {
      if (!line.trim()) continue;
      if (lines.length >= n) { more = true; break; }
      lines.push(line);
    }
  } finally {
    rl.close();
    stream.destroy();
  }
  return { lines, more };
}
